package io.roomcast.socketio;

/** Answers a client's acknowledgement request; only the first call sends. Callable from any thread. */
@FunctionalInterface
public interface Ack {

    void send(Object... args);
}

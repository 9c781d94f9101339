package io.roomcast.socketio;

import java.util.List;

/**
 * Runs for every event a client sends on a socket, before any listener (Node's {@code socket.use}). Must call
 * {@link Next#proceed()} or {@link Next#reject} exactly once, possibly later and from any thread; a rejected event
 * reaches no listener, and the socket's {@link ErrorListener}s get the rejection.
 */
@FunctionalInterface
public interface EventMiddleware {

    void handle(Socket socket, String event, List<Object> args, Next next);
}

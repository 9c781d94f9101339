package io.roomcast.socketio;

/**
 * Receives one client event whose first argument is mapped to {@code T} with Jackson
 * ({@link Socket#on(String, Class, TypedEventListener)}), on the socket's event loop; must not block. A payload that
 * does not map never reaches the listener: the client gets an error ack, or the event is dropped and counted.
 *
 * @param <T> the payload type: a record, a POJO, a {@code Map}, a {@code String}, ...
 */
@FunctionalInterface
public interface TypedEventListener<T> {

    /**
     * @param payload the first argument, mapped
     * @param ack     answers the client; {@link Ack#NONE} (a no-op) when the client did not ask for an answer
     */
    void onEvent(Socket socket, T payload, Ack ack);
}

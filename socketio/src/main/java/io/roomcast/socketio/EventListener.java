package io.roomcast.socketio;

import java.util.List;

/**
 * Receives one client event with its raw arguments, on the socket's event loop; must not block. For a typed payload
 * see {@link TypedEventListener}.
 */
@FunctionalInterface
public interface EventListener {

    /**
     * @param args decoded arguments after the event name: JSON values as {@code Map}, {@code List}, {@code String},
     *             {@code Double}/{@code Integer}/{@code Long}, {@code Boolean}, null, and {@code byte[]} for binary
     * @param ack  answers the client; {@link Ack#NONE} (a no-op) when the client did not ask for an answer
     */
    void onEvent(Socket socket, List<Object> args, Ack ack);
}

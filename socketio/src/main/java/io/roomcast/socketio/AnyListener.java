package io.roomcast.socketio;

import java.util.List;

/**
 * Receives every event a client sends on a socket, before the listeners of that event (Node's
 * {@code socket.onAny}); on the socket's event loop, must not block.
 */
@FunctionalInterface
public interface AnyListener {

    void onAny(Socket socket, String event, List<Object> args);
}

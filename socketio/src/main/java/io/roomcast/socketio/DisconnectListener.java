package io.roomcast.socketio;

/**
 * Called once when a socket leaves its namespace, on the socket's event loop. Reasons as Node's socket.io:
 * {@code "client namespace disconnect"}, {@code "server namespace disconnect"}, {@code "forced server close"},
 * or the Engine.IO close reason ({@code "transport close"}, {@code "ping timeout"}, ...).
 */
@FunctionalInterface
public interface DisconnectListener {

    void onDisconnect(Socket socket, String reason);
}

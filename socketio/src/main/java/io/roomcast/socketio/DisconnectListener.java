package io.roomcast.socketio;

import io.roomcast.engine.DisconnectReason;

/** Called once when a socket leaves its namespace, on the socket's event loop, with Node's reason. */
@FunctionalInterface
public interface DisconnectListener {

    void onDisconnect(Socket socket, DisconnectReason reason);
}

package io.roomcast.socketio;

/** Called for each socket that connected to a namespace, on the socket's event loop; must not block. */
@FunctionalInterface
public interface ConnectionListener {

    void onConnection(Socket socket);
}

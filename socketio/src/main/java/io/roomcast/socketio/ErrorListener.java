package io.roomcast.socketio;

/**
 * Told when an {@link EventMiddleware} rejected an event of this socket (Node's {@code socket.on("error")}), on the
 * socket's event loop.
 */
@FunctionalInterface
public interface ErrorListener {

    void onError(Socket socket, SocketIoException error);
}

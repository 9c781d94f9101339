package io.roomcast.socketio;

/** Root of the unchecked exceptions of the Socket.IO layer. */
public class SocketIoException extends RuntimeException {

    public SocketIoException(String message) {
        super(message);
    }

    public SocketIoException(String message, Throwable cause) {
        super(message, cause);
    }
}

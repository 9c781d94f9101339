package io.roomcast.socketio;

/** Root of the unchecked exceptions of the Socket.IO layer. */
public class SocketIoException extends RuntimeException {

    public SocketIoException(String message) {
        super(message);
    }

    public SocketIoException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For expected outcomes reported as exceptions (e.g. {@link RoomForbiddenException}): no stack trace. */
    protected SocketIoException(String message, Throwable cause, boolean enableSuppression,
                                boolean writableStackTrace) {
        super(message, cause, enableSuppression, writableStackTrace);
    }
}

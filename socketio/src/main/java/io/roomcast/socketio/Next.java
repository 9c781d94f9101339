package io.roomcast.socketio;

/** The continuation handed to a {@link Middleware}; only the first call counts. Callable from any thread. */
public interface Next {

    /** Runs the next middleware, or connects the socket after the last one. */
    void proceed();

    /**
     * Refuses the connection: the client gets {@code 44/nsp,{"message":...,"data":...}} and nothing else from
     * this namespace.
     *
     * @param data any Jackson-serialisable value, or null to send no {@code data} field
     */
    void reject(String message, Object data);
}

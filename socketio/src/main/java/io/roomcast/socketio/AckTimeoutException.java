package io.roomcast.socketio;

import java.util.List;

/**
 * Acknowledgements did not all arrive in time; the message is Node's {@code "operation has timed out"}. For a
 * broadcast, {@link #responses()} holds the acknowledgements that did arrive.
 */
public class AckTimeoutException extends SocketIoException {

    private final transient List<Object> responses;

    public AckTimeoutException() {
        this(List.of());
    }

    public AckTimeoutException(List<Object> responses) {
        this("operation has timed out", responses);
    }

    /** With another message, e.g. a cluster request's {@code "timeout reached: 1 of 2 responses"}. */
    public AckTimeoutException(String message, List<Object> responses) {
        super(message);
        this.responses = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(responses));
    }

    /** Responses received before the timeout, one entry per acknowledging client (null entries allowed). */
    public List<Object> responses() {
        return responses;
    }
}

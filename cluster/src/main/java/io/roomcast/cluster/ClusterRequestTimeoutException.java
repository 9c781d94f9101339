package io.roomcast.cluster;

import io.roomcast.socketio.AckTimeoutException;

import java.util.List;

/**
 * A cross-node request ended before every server answered (Node's {@code "timeout reached: ..."}). Holds what did
 * arrive as the caller's values: the answers of {@code serverSideEmitWithAck}, the sockets of {@code fetchSockets},
 * the rooms of {@code allRooms}.
 */
public class ClusterRequestTimeoutException extends AckTimeoutException {

    private final String operation;
    private final int received;
    private final int expected;

    public ClusterRequestTimeoutException(String operation, int received, int expected, List<Object> partialResults) {
        super("timeout reached: " + received + " of " + expected + " responses", partialResults);
        this.operation = operation;
        this.received = received;
        this.expected = expected;
    }

    /** The operation that timed out, e.g. {@code serverSideEmitWithAck}. */
    public String operation() {
        return operation;
    }

    public int received() {
        return received;
    }

    public int expected() {
        return expected;
    }
}

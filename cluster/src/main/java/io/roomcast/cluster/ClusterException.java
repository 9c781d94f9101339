package io.roomcast.cluster;

/** Root of the unchecked exceptions of the cluster module. */
public class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}

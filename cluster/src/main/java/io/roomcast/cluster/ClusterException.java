package io.roomcast.cluster;

/** Root of the unchecked exceptions of the cluster module. */
public class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * "cannot connect to Redis at {@code where}: " and the message of every cause in the chain: lettuce's own
     * message ("Unable to connect to host:port") hides why (WRONGPASS, NOPERM, a refused certificate).
     */
    public static ClusterException cannotConnect(String where, Throwable failure) {
        StringBuilder message = new StringBuilder("cannot connect to Redis at ").append(where);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String text = cause.getMessage();
            if (text != null && message.indexOf(text) < 0) {
                message.append(": ").append(text);
            }
        }
        return new ClusterException(message.toString(), failure);
    }
}

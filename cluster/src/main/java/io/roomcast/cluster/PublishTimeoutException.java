package io.roomcast.cluster;

/**
 * A publish was written to Redis but not answered within the command timeout. Unlike other publish failures it
 * may still take effect: a frozen Redis runs what it had read when it resumes.
 */
public class PublishTimeoutException extends ClusterException {

    public PublishTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}

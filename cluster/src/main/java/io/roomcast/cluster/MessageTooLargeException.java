package io.roomcast.cluster;

/**
 * A message was refused before it was sent: encoded, it is larger than the adapter's {@code maxPublishBytes}. Redis
 * would cut every subscriber whose pub/sub output buffer it overflows ({@code client-output-buffer-limit pubsub},
 * 32 MB by default), so such a message would cost every node its subscription instead of reaching it.
 */
public class MessageTooLargeException extends ClusterException {

    private final long size;
    private final long limit;

    public MessageTooLargeException(String what, long size, long limit) {
        super(what + " of " + size + " bytes is larger than maxPublishBytes (" + limit + "): not published");
        this.size = size;
        this.limit = limit;
    }

    /** Encoded size in bytes. */
    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }
}

package io.roomcast.cluster.transport;

import java.util.concurrent.CompletableFuture;

/** One listener's subscription to a channel or pattern. */
public interface Subscription extends AutoCloseable {

    /** The channel or pattern. */
    String target();

    /** Stops delivery to this listener; Redis is unsubscribed when no listener is left. Idempotent. */
    CompletableFuture<Void> unsubscribe();

    @Override
    default void close() {
        unsubscribe();
    }
}

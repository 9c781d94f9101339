package io.roomcast.cluster;

import io.roomcast.cluster.protocol.RequestType;

/**
 * Told about what a cluster adapter sends and receives, for metrics ({@link io.roomcast.cluster.metrics.AdapterMetrics}
 * implements it); set with {@link io.roomcast.cluster.redis.RedisAdapterFactory#observe} or
 * {@link ClusterAdapter#observe}. Every method has a no-op default. Calls come from Redis, timer and event-loop
 * threads: implementations must be cheap, thread-safe and must not throw.
 */
public interface ClusterObserver {

    /** Observes nothing; the default. */
    ClusterObserver NONE = new ClusterObserver() { };

    /** A message was handed to Redis and accepted. */
    default void published(MessageKind kind) {
    }

    /** A message could not be published (Redis down, timed out); local delivery still happened. */
    default void publishFailed(MessageKind kind) {
    }

    /**
     * A message could not be published, and why ({@link PublishFailure}); local delivery still happened. The
     * default reports it to {@link #publishFailed(MessageKind)}.
     */
    default void publishFailed(MessageKind kind, PublishFailure cause) {
        publishFailed(kind);
    }

    /** A message arrived on one of the namespace's channels (own echoes included). */
    default void received(MessageKind kind) {
    }

    /** A received message was not acted on. */
    default void dropped(DropReason reason) {
    }

    /** This node's own broadcast came back on its pattern subscription {@code nanos} after it was published. */
    default void pubSubRoundTrip(long nanos) {
    }

    /**
     * A cross-node request of this node got every answer: {@code REMOTE_FETCH}, {@code ALL_ROOMS},
     * {@code SERVER_SIDE_EMIT} (with ack) after all responses; {@code BROADCAST} (with ack) once per node that
     * reported its client count.
     */
    default void requestCompleted(RequestType type, long nanos) {
    }

    /** A cross-node request of this node ended before every server answered. */
    default void requestTimedOut(RequestType type) {
    }

    /** {@code PUBSUB NUMSUB} (the server count every request starts with) answered after {@code nanos}. */
    default void serverCountCompleted(long nanos) {
    }

    /** {@code PUBSUB NUMSUB} failed or timed out. */
    default void serverCountTimedOut() {
    }
}

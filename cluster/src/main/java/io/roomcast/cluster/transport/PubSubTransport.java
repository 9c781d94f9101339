package io.roomcast.cluster.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Publish/subscribe over one Redis (or a stand-in): the part of Redis the classic Socket.IO adapter uses
 * (PUBLISH, SUBSCRIBE, PSUBSCRIBE, PUBSUB NUMSUB). Implementations keep their subscriptions across reconnects and
 * never let a listener's exception escape into their I/O threads.
 *
 * <p>Several listeners may subscribe the same channel or pattern; Redis is subscribed once and unsubscribed when
 * the last of them leaves. A connection counts once in NUMSUB however many listeners it has.
 */
public interface PubSubTransport extends AutoCloseable {

    /**
     * PUBLISH: completes with the number of subscribers Redis delivered to, or exceptionally when the message could
     * not be sent (counted in {@link TransportStats#publishFailures()}).
     */
    CompletableFuture<Long> publish(String channel, byte[] message);

    /** SUBSCRIBE: completes once Redis confirmed the subscription; {@code pattern} is null in deliveries. */
    CompletableFuture<Subscription> subscribe(String channel, MessageListener listener);

    /** PSUBSCRIBE with a Redis glob pattern: completes once Redis confirmed the subscription. */
    CompletableFuture<Subscription> psubscribe(String pattern, MessageListener listener);

    /**
     * PUBSUB NUMSUB: how many connections subscribed exactly this channel (pattern subscriptions do not count), which
     * is how the classic adapter counts the servers of a namespace.
     */
    CompletableFuture<Long> numsub(String channel);

    /**
     * The sharded pub/sub of the same Redis (Redis 7+; Node's {@code createShardedAdapter}): on this view
     * {@link #publish} is SPUBLISH, {@link #subscribe} SSUBSCRIBE and {@link #numsub} PUBSUB SHARDNUMSUB (summed over
     * the masters of a Redis Cluster); {@link #psubscribe} fails, Redis has no sharded patterns. Sharded and plain
     * channels are separate spaces: a PUBLISH never reaches an SSUBSCRIBE. The view shares the transport's
     * connections, connection listeners and state; closing the view does nothing.
     */
    PubSubTransport sharded();

    /** Registers a listener for the connections going down and coming back. */
    void addConnectionListener(ConnectionListener listener);

    /** Whether every connection of the transport is up right now. */
    boolean isConnected();

    /**
     * Up, stalled (connected, but Redis does not answer: see {@link RedisState#STALLED}) or down. Transports that do
     * not watch for stalls report {@link RedisState#UP} while connected.
     */
    default RedisState state() {
        return isConnected() ? RedisState.UP : RedisState.DOWN;
    }

    /** Counters since the transport was created. */
    TransportStats stats();

    /** Closes the connections; later calls fail. Idempotent. */
    @Override
    void close();
}

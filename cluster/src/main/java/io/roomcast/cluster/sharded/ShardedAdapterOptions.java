package io.roomcast.cluster.sharded;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.SubscriptionMode;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the sharded adapter, named and defaulted as {@code createShardedAdapter(pub, sub, opts)} of
 * {@code @socket.io/redis-adapter} 8.3 (protocol §4.1). Every node of a cluster must use the same prefix and mode.
 *
 * @param channelPrefix    prefix of every channel, {@code <prefix>#<nsp>#...} (Node's {@code channelPrefix})
 * @param subscriptionMode which room channels a node subscribes and publishes to (Node's {@code subscriptionMode})
 * @param requestsTimeout  how long fetchSockets and serverSideEmit-with-ack wait for the other servers (Node's
 *                         {@code requestsTimeout} of {@code ClusterAdapter})
 * @param maxPublishBytes  largest encoded message this node publishes, as {@link AdapterOptions#maxPublishBytes()}
 *                         ({@link AdapterOptions#DEFAULT_MAX_PUBLISH_BYTES}; Roomcast only)
 */
public record ShardedAdapterOptions(String channelPrefix, SubscriptionMode subscriptionMode,
                                    Duration requestsTimeout, int maxPublishBytes) {

    public static final String DEFAULT_CHANNEL_PREFIX = "socket.io";
    public static final SubscriptionMode DEFAULT_SUBSCRIPTION_MODE = SubscriptionMode.DYNAMIC;
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);

    /** Node's defaults: prefix {@code socket.io}, mode {@code dynamic}, 5 s. */
    public static final ShardedAdapterOptions DEFAULT = new ShardedAdapterOptions(DEFAULT_CHANNEL_PREFIX,
            DEFAULT_SUBSCRIPTION_MODE, DEFAULT_REQUESTS_TIMEOUT, AdapterOptions.DEFAULT_MAX_PUBLISH_BYTES);

    public ShardedAdapterOptions {
        Objects.requireNonNull(channelPrefix, "channelPrefix must not be null");
        if (channelPrefix.isEmpty()) {
            throw new IllegalArgumentException("channelPrefix must not be empty");
        }
        Objects.requireNonNull(subscriptionMode, "subscriptionMode must not be null");
        if (requestsTimeout == null || requestsTimeout.isNegative() || requestsTimeout.isZero()) {
            throw new IllegalArgumentException("requestsTimeout must be > 0");
        }
        AdapterOptions.requireMaxPublishBytes(maxPublishBytes);
    }

    /** With the default {@code maxPublishBytes}. */
    public ShardedAdapterOptions(String channelPrefix, SubscriptionMode subscriptionMode, Duration requestsTimeout) {
        this(channelPrefix, subscriptionMode, requestsTimeout, AdapterOptions.DEFAULT_MAX_PUBLISH_BYTES);
    }

    /** {@link #DEFAULT}, for call sites that read {@code defaults().withX(...)}. */
    public static ShardedAdapterOptions defaults() {
        return DEFAULT;
    }

    public ShardedAdapterOptions withChannelPrefix(String channelPrefix) {
        return new ShardedAdapterOptions(channelPrefix, subscriptionMode, requestsTimeout, maxPublishBytes);
    }

    public ShardedAdapterOptions withSubscriptionMode(SubscriptionMode subscriptionMode) {
        return new ShardedAdapterOptions(channelPrefix, subscriptionMode, requestsTimeout, maxPublishBytes);
    }

    public ShardedAdapterOptions withRequestsTimeout(Duration requestsTimeout) {
        return new ShardedAdapterOptions(channelPrefix, subscriptionMode, requestsTimeout, maxPublishBytes);
    }

    public ShardedAdapterOptions withMaxPublishBytes(int maxPublishBytes) {
        return new ShardedAdapterOptions(channelPrefix, subscriptionMode, requestsTimeout, maxPublishBytes);
    }
}

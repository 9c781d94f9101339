package io.roomcast.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a cluster adapter, with the defaults and meaning of {@code @socket.io/redis-adapter} 8.3
 * {@code createAdapter(pub, sub, opts)} (protocol §2.1).
 *
 * @param key                              channel prefix shared by the whole cluster (Node's {@code key})
 * @param requestsTimeout                  how long fetchSockets, allRooms and serverSideEmit-with-ack wait for the
 *                                         other servers (Node's {@code requestsTimeout})
 * @param publishOnSpecificResponseChannel answer on {@code key-response#nsp#<requester uid>#} instead of the common
 *                                         response channel (§2.9); mixing settings in one cluster is safe
 * @param subscriptionMode                 which broadcast channels this node subscribes (Node's
 *                                         {@code subscriptionMode} of {@code createShardedAdapter}); default
 *                                         {@link SubscriptionMode#STATIC}, what Node's classic adapter does. Each
 *                                         adapter says which modes it supports: the classic
 *                                         {@link io.roomcast.cluster.redis.RedisAdapterFactory} takes STATIC and
 *                                         DYNAMIC_PRIVATE and refuses DYNAMIC
 * @param maxPublishBytes                  largest encoded message this node publishes (Roomcast only; Node has no
 *                                         such bound); a larger one is refused before it is sent, counted as
 *                                         {@link PublishFailure#TOO_LARGE} and still delivered locally. Default
 *                                         {@link #DEFAULT_MAX_PUBLISH_BYTES}
 */
public record AdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel,
                             SubscriptionMode subscriptionMode, int maxPublishBytes) {

    public static final String DEFAULT_KEY = "socket.io";
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
    public static final SubscriptionMode DEFAULT_SUBSCRIPTION_MODE = SubscriptionMode.STATIC;
    /**
     * 8 MiB: well under Redis's default pub/sub output buffer limit of 32 MB (hard), past which Redis closes the
     * connection of every subscriber the message was sent to, so one oversized emit would cut every node's
     * subscription at once; far above Socket.IO's 1 MB default {@code maxHttpBufferSize}.
     */
    public static final int DEFAULT_MAX_PUBLISH_BYTES = 8 * 1024 * 1024;

    public AdapterOptions {
        Objects.requireNonNull(key, "key must not be null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (requestsTimeout == null || requestsTimeout.isNegative() || requestsTimeout.isZero()) {
            throw new IllegalArgumentException("requestsTimeout must be > 0");
        }
        Objects.requireNonNull(subscriptionMode, "subscriptionMode must not be null");
        requireMaxPublishBytes(maxPublishBytes);
    }

    /** With the {@link #DEFAULT_MAX_PUBLISH_BYTES default} publish size bound. */
    public AdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel,
                          SubscriptionMode subscriptionMode) {
        this(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode, DEFAULT_MAX_PUBLISH_BYTES);
    }

    /** The check of every adapter's {@code maxPublishBytes}: {@code > 0}. */
    public static void requireMaxPublishBytes(int maxPublishBytes) {
        if (maxPublishBytes <= 0) {
            throw new IllegalArgumentException("maxPublishBytes must be > 0, was " + maxPublishBytes);
        }
    }

    /** With the {@link #DEFAULT_SUBSCRIPTION_MODE static} subscription mode. */
    public AdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel) {
        this(key, requestsTimeout, publishOnSpecificResponseChannel, DEFAULT_SUBSCRIPTION_MODE);
    }

    /** Node's defaults: key {@code socket.io}, 5 s, common response channel, static subscriptions. */
    public static AdapterOptions defaults() {
        return new AdapterOptions(DEFAULT_KEY, DEFAULT_REQUESTS_TIMEOUT, false, DEFAULT_SUBSCRIPTION_MODE,
                DEFAULT_MAX_PUBLISH_BYTES);
    }

    public AdapterOptions withKey(String key) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode,
                maxPublishBytes);
    }

    public AdapterOptions withRequestsTimeout(Duration requestsTimeout) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode,
                maxPublishBytes);
    }

    public AdapterOptions withPublishOnSpecificResponseChannel(boolean specific) {
        return new AdapterOptions(key, requestsTimeout, specific, subscriptionMode, maxPublishBytes);
    }

    public AdapterOptions withSubscriptionMode(SubscriptionMode subscriptionMode) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode,
                maxPublishBytes);
    }

    public AdapterOptions withMaxPublishBytes(int maxPublishBytes) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode,
                maxPublishBytes);
    }
}

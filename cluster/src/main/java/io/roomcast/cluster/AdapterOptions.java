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
 */
public record AdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel,
                             SubscriptionMode subscriptionMode) {

    public static final String DEFAULT_KEY = "socket.io";
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
    public static final SubscriptionMode DEFAULT_SUBSCRIPTION_MODE = SubscriptionMode.STATIC;

    public AdapterOptions {
        Objects.requireNonNull(key, "key must not be null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (requestsTimeout == null || requestsTimeout.isNegative() || requestsTimeout.isZero()) {
            throw new IllegalArgumentException("requestsTimeout must be > 0");
        }
        Objects.requireNonNull(subscriptionMode, "subscriptionMode must not be null");
    }

    /** With the {@link #DEFAULT_SUBSCRIPTION_MODE static} subscription mode. */
    public AdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel) {
        this(key, requestsTimeout, publishOnSpecificResponseChannel, DEFAULT_SUBSCRIPTION_MODE);
    }

    /** Node's defaults: key {@code socket.io}, 5 s, common response channel, static subscriptions. */
    public static AdapterOptions defaults() {
        return new AdapterOptions(DEFAULT_KEY, DEFAULT_REQUESTS_TIMEOUT, false, DEFAULT_SUBSCRIPTION_MODE);
    }

    public AdapterOptions withKey(String key) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode);
    }

    public AdapterOptions withRequestsTimeout(Duration requestsTimeout) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode);
    }

    public AdapterOptions withPublishOnSpecificResponseChannel(boolean specific) {
        return new AdapterOptions(key, requestsTimeout, specific, subscriptionMode);
    }

    public AdapterOptions withSubscriptionMode(SubscriptionMode subscriptionMode) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel, subscriptionMode);
    }
}

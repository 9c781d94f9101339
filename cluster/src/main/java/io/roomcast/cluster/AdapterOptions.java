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
 */
public record AdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel) {

    public static final String DEFAULT_KEY = "socket.io";
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);

    public AdapterOptions {
        Objects.requireNonNull(key, "key must not be null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (requestsTimeout == null || requestsTimeout.isNegative() || requestsTimeout.isZero()) {
            throw new IllegalArgumentException("requestsTimeout must be > 0");
        }
    }

    /** Node's defaults: key {@code socket.io}, 5 s, common response channel. */
    public static AdapterOptions defaults() {
        return new AdapterOptions(DEFAULT_KEY, DEFAULT_REQUESTS_TIMEOUT, false);
    }

    public AdapterOptions withKey(String key) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel);
    }

    public AdapterOptions withRequestsTimeout(Duration requestsTimeout) {
        return new AdapterOptions(key, requestsTimeout, publishOnSpecificResponseChannel);
    }

    public AdapterOptions withPublishOnSpecificResponseChannel(boolean specific) {
        return new AdapterOptions(key, requestsTimeout, specific);
    }
}

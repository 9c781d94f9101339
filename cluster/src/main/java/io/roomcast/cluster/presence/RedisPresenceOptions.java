package io.roomcast.cluster.presence;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link RedisPresenceStore}.
 *
 * @param key prefix of the store's Redis keys ({@code <key>:presence:...}); the adapter's {@code key} fits
 * @param ttl how long the entries of a node outlive its last heartbeat: the bound within which the members of a
 *            node that died without cleaning up vanish (plus the clock skew between nodes); heartbeats go every
 *            {@code ttl / 3}
 */
public record RedisPresenceOptions(String key, Duration ttl) {

    public static final String DEFAULT_KEY = "socket.io";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    /** Below this, heartbeats would come faster than every 100 ms. */
    public static final Duration MIN_TTL = Duration.ofMillis(300);

    public RedisPresenceOptions {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(ttl, "ttl must not be null");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("ttl must be at least " + MIN_TTL.toMillis() + " ms, got " + ttl);
        }
    }

    public static RedisPresenceOptions defaults() {
        return new RedisPresenceOptions(DEFAULT_KEY, DEFAULT_TTL);
    }

    public RedisPresenceOptions withKey(String key) {
        return new RedisPresenceOptions(key, ttl);
    }

    public RedisPresenceOptions withTtl(Duration ttl) {
        return new RedisPresenceOptions(key, ttl);
    }

    /** How often a node renews its liveness. */
    public Duration heartbeatInterval() {
        return ttl.dividedBy(3);
    }
}

package io.roomcast.node.config;

import io.roomcast.cluster.SubscriptionMode;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Which Socket.IO adapter the node runs ({@code ADAPTER}). */
public enum AdapterKind {
    /** The classic Redis pub/sub adapter, Node's {@code @socket.io/redis-adapter}; cannot recover sessions. */
    REDIS("redis"),
    /** The Redis Streams adapter, Node's {@code @socket.io/redis-streams-adapter}; recovers sessions across nodes. */
    REDIS_STREAMS("redis-streams"),
    /**
     * The sharded Redis pub/sub adapter (SPUBLISH/SSUBSCRIBE, Redis 7+), Node's {@code createShardedAdapter} of
     * {@code @socket.io/redis-adapter}; cannot recover sessions.
     */
    REDIS_SHARDED("redis-sharded"),
    /** The in-memory adapter: a single node (sessions recover on that node only). */
    MEMORY("memory");

    private final String configName;

    AdapterKind(String configName) {
        this.configName = configName;
    }

    /** The value of {@code ADAPTER} (and of the chart's {@code adapter}). */
    public String configName() {
        return configName;
    }

    /** Whether this adapter joins nodes through Redis (and so needs {@code REDIS_URL}). */
    public boolean usesRedis() {
        return this != MEMORY;
    }

    /** Whether this adapter can save and restore sessions (connection state recovery). */
    public boolean supportsRecovery() {
        return this == REDIS_STREAMS || this == MEMORY;
    }

    /**
     * The {@code SUBSCRIPTION_MODE} values this adapter runs with: all three for the sharded adapter (Node's
     * {@code subscriptionMode}); {@code static} and the opt-in {@code dynamic-private} for the classic adapter
     * ({@code dynamic} would lose {@code to(socketId)} from Node nodes, see {@code RedisAdapterFactory}); the
     * others subscribe to the namespace channels only ({@code static}).
     */
    public Set<SubscriptionMode> subscriptionModes() {
        return switch (this) {
            case REDIS_SHARDED -> EnumSet.allOf(SubscriptionMode.class);
            case REDIS -> EnumSet.of(SubscriptionMode.STATIC, SubscriptionMode.DYNAMIC_PRIVATE);
            case REDIS_STREAMS, MEMORY -> EnumSet.of(SubscriptionMode.STATIC);
        };
    }

    /** {@code SUBSCRIPTION_MODE} when unset, as in Node: {@code dynamic} for the sharded adapter, else {@code static}. */
    public SubscriptionMode defaultSubscriptionMode() {
        return this == REDIS_SHARDED ? SubscriptionMode.DYNAMIC : SubscriptionMode.STATIC;
    }

    /** The kind named {@code name} ({@link #configName()}, case-insensitive), if any. */
    public static Optional<AdapterKind> fromConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(wanted)).findFirst();
    }

    /** {@code redis, redis-streams, redis-sharded, memory}: the accepted values, for messages. */
    public static String allowedValues() {
        return Arrays.stream(values()).map(AdapterKind::configName).collect(Collectors.joining(", "));
    }
}

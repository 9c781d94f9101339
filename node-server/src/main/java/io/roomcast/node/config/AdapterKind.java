package io.roomcast.node.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which Socket.IO adapter the node runs ({@code ADAPTER}). */
public enum AdapterKind {
    /** The classic Redis pub/sub adapter, Node's {@code @socket.io/redis-adapter}; cannot recover sessions. */
    REDIS("redis"),
    /** The Redis Streams adapter, Node's {@code @socket.io/redis-streams-adapter}; recovers sessions across nodes. */
    REDIS_STREAMS("redis-streams"),
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
        return this != REDIS;
    }

    /** The kind named {@code name} ({@link #configName()}, case-insensitive), if any. */
    public static Optional<AdapterKind> fromConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(wanted)).findFirst();
    }

    /** {@code redis, redis-streams, memory}: the accepted values, for messages. */
    public static String allowedValues() {
        return Arrays.stream(values()).map(AdapterKind::configName).collect(Collectors.joining(", "));
    }
}

package io.roomcast.node.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the chat's room presence comes from ({@code PRESENCE}). */
public enum PresenceMode {
    /** A presence store in Redis ({@code RedisPresenceStore}): one HSET per join, one HGETALL per member list. */
    REDIS("redis"),
    /** The adapter's {@code fetchSockets} on every query: Node.js nodes count too, one cross-node request each. */
    ADAPTER("adapter"),
    /** This node's members only (exact on a single node). */
    LOCAL("local");

    private final String configName;

    PresenceMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /**
     * {@code PRESENCE} when unset: {@code redis} on a Redis adapter (standalone or Sentinel), {@code adapter} on a
     * Redis Cluster (the store's connection is not a cluster client), {@code local} on a single node.
     */
    public static PresenceMode defaultFor(AdapterKind adapter, RedisMode redisMode) {
        if (!adapter.usesRedis()) {
            return LOCAL;
        }
        return redisMode == RedisMode.CLUSTER ? ADAPTER : REDIS;
    }

    public static Optional<PresenceMode> fromConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.configName.equals(wanted)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(PresenceMode::configName).collect(Collectors.joining(", "));
    }
}

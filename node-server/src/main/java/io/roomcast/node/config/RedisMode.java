package io.roomcast.node.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which Redis topology {@code REDIS_URL} names ({@code REDIS_MODE}). */
public enum RedisMode {
    /** One Redis server: {@code redis://} or {@code rediss://}, one URL. */
    STANDALONE("standalone"),
    /**
     * A Redis Cluster: comma-separated seed nodes, lettuce's cluster client (slot map refreshed periodically, on
     * MOVED/ASK and on reconnects).
     */
    CLUSTER("cluster"),
    /** Redis Sentinel: a {@code redis-sentinel://} URL; lettuce asks the sentinels for the master and follows it. */
    SENTINEL("sentinel");

    private final String configName;

    RedisMode(String configName) {
        this.configName = configName;
    }

    /** The value of {@code REDIS_MODE} (and of the chart's {@code redis.mode}). */
    public String configName() {
        return configName;
    }

    /** The mode named {@code name} ({@link #configName()}, case-insensitive), if any. */
    public static Optional<RedisMode> fromConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.configName.equals(wanted)).findFirst();
    }

    /** {@code standalone, cluster, sentinel}: the accepted values, for messages. */
    public static String allowedValues() {
        return Arrays.stream(values()).map(RedisMode::configName).collect(Collectors.joining(", "));
    }
}

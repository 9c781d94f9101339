package io.roomcast.node;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.roomcast.cluster.ClusterException;
import io.roomcast.node.config.ConfigException;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.node.config.RedisMode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Start-up checks that need Redis's version ({@code INFO server}, {@code redis_version}): the sharded adapter needs
 * sharded pub/sub (SPUBLISH, SSUBSCRIBE, {@code PUBSUB SHARDNUMSUB}), which Redis has since 7.0.
 */
final class RedisVersionCheck {

    /** The first Redis major version with sharded pub/sub. */
    static final int SHARDED_PUBSUB_MAJOR = 7;

    private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.(\\d+)(?:\\.(\\d+))?\\S*\\s*$");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RedisVersionCheck() {
    }

    /** {@code redis_version} of an {@code INFO server} reply, if it has one. */
    static Optional<String> version(String info) {
        Matcher m = VERSION.matcher(info);
        return m.find() ? Optional.of(m.group(0).substring("redis_version:".length()).trim()) : Optional.empty();
    }

    /** Whether {@code version} ({@code 7.0.15}) has sharded pub/sub. */
    static boolean hasShardedPubSub(String version) {
        Matcher m = Pattern.compile("(\\d+)\\..*").matcher(version);
        return m.matches() && Integer.parseInt(m.group(1)) >= SHARDED_PUBSUB_MAJOR;
    }

    /**
     * Refuses {@code ADAPTER=redis-sharded} unless every server of {@code infoByNode} (host:port to its
     * {@code INFO server}) runs Redis 7 or newer.
     *
     * @throws ConfigException naming the servers that are too old
     */
    static void requireShardedPubSub(Map<String, String> infoByNode) {
        Map<String, String> tooOld = new LinkedHashMap<>();
        infoByNode.forEach((node, info) -> {
            String version = version(info).orElse("unknown (no redis_version in INFO server)");
            if (!hasShardedPubSub(version)) {
                tooOld.put(node, version);
            }
        });
        if (!tooOld.isEmpty()) {
            throw new ConfigException(List.of("ADAPTER=redis-sharded needs Redis " + SHARDED_PUBSUB_MAJOR
                    + ".0 or newer (sharded pub/sub: SPUBLISH, SSUBSCRIBE), but "
                    + tooOld.entrySet().stream().map(e -> e.getKey() + " runs Redis " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + ": upgrade Redis or use ADAPTER=redis"));
        }
    }

    /** Reads {@code INFO server} of the Redis of {@code cluster} (every master of a Redis Cluster) and checks it. */
    static void requireShardedPubSub(NodeConfig.Cluster cluster) {
        requireShardedPubSub(serverInfo(cluster));
    }

    /**
     * {@code INFO server} by host:port: of the one Redis, of the master the sentinels name, or of every master of a
     * Redis Cluster.
     *
     * @throws ClusterException when Redis does not answer
     */
    static Map<String, String> serverInfo(NodeConfig.Cluster cluster) {
        List<RedisURI> uris = cluster.redisUrls().stream().map(url -> RedisURI.create(url.toString())).toList();
        uris.forEach(uri -> uri.setTimeout(TIMEOUT));
        Map<String, String> info = new LinkedHashMap<>();
        try {
            if (cluster.redisMode() == RedisMode.CLUSTER) {
                RedisClusterClient client = RedisClusterClient.create(uris);
                client.setOptions(ClusterClientOptions.builder().sslOptions(cluster.tls().sslOptions()).build());
                try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                    for (RedisClusterNode node : connection.getPartitions()) {
                        if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                            info.put(node.getUri().getHost() + ":" + node.getUri().getPort(),
                                    connection.getConnection(node.getNodeId()).sync().info("server"));
                        }
                    }
                } finally {
                    client.shutdown(0, 2, TimeUnit.SECONDS);
                }
            } else {
                RedisClient client = RedisClient.create(uris.get(0));
                client.setOptions(ClientOptions.builder().sslOptions(cluster.tls().sslOptions()).build());
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    String where = cluster.redisMode() == RedisMode.SENTINEL
                            ? "the master " + uris.get(0).getSentinelMasterId()
                            : uris.get(0).getHost() + ":" + uris.get(0).getPort();
                    info.put(where, connection.sync().info("server"));
                } finally {
                    client.shutdown(0, 2, TimeUnit.SECONDS);
                }
            }
        } catch (RuntimeException e) {
            throw new ClusterException("cannot read the Redis version: " + e.getMessage(), e);
        }
        return info;
    }
}

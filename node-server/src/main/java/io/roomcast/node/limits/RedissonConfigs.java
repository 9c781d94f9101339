package io.roomcast.node.limits;

import io.lettuce.core.RedisURI;
import io.roomcast.node.config.NodeConfig;
import org.redisson.config.Config;
import org.redisson.config.SentinelServersConfig;

import java.util.List;

/**
 * The Redisson {@link Config} for the Redis that {@code REDIS_URL} and {@code REDIS_MODE} name, read with lettuce's
 * URL parser as the adapters read it: standalone (one server, its database and credentials, {@code rediss://} for
 * TLS), sentinel (the sentinels and the master name) or cluster (the seeds). Redisson gets few threads: it only
 * carries the rate limiter's batched calls.
 */
final class RedissonConfigs {

    private static final int NETTY_THREADS = 2;
    private static final int THREADS = 1;

    private RedissonConfigs() {
    }

    static Config forCluster(NodeConfig.Cluster cluster) {
        Config config = new Config().setNettyThreads(NETTY_THREADS).setThreads(THREADS);
        List<RedisURI> uris = cluster.redisUrls().stream().map(url -> RedisURI.create(url.toString())).toList();
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no REDIS_URL");
        }
        RedisURI first = uris.get(0);
        credentials(config, cluster.redisUrls().get(0));
        switch (cluster.redisMode()) {
            case STANDALONE -> config.useSingleServer().setAddress(address(first, first.getHost(), first.getPort()))
                    .setDatabase(first.getDatabase()).setConnectionMinimumIdleSize(1).setConnectionPoolSize(8)
                    .setSubscriptionConnectionMinimumIdleSize(0);
            case SENTINEL -> {
                SentinelServersConfig sentinel = config.useSentinelServers().setMasterName(first.getSentinelMasterId())
                        .setDatabase(first.getDatabase()).setCheckSentinelsList(false)
                        .setSubscriptionConnectionMinimumIdleSize(0);
                for (RedisURI node : first.getSentinels()) {
                    sentinel.addSentinelAddress(address(first, node.getHost(), node.getPort()));
                }
            }
            case CLUSTER -> {
                var servers = config.useClusterServers().setSubscriptionConnectionMinimumIdleSize(0);
                for (RedisURI seed : uris) {
                    servers.addNodeAddress(address(seed, seed.getHost(), seed.getPort()));
                }
            }
        }
        return config;
    }

    /** {@code user:password@}, {@code :password@} or {@code password@}, as lettuce reads the URL's user info. */
    private static void credentials(Config config, java.net.URI url) {
        // from the raw authority: a sentinel URL lists several hosts, which java.net.URI keeps as a registry name
        String authority = url.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        if (at <= 0) {
            return;
        }
        String info = java.net.URLDecoder.decode(
                authority.substring(0, at).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8); // %xx only
        int colon = info.indexOf(':');
        String user = colon < 0 ? "" : info.substring(0, colon);
        String password = colon < 0 ? info : info.substring(colon + 1);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
    }

    /** {@code redis://host:port}, {@code rediss://} when the URL asked for TLS. */
    private static String address(RedisURI uri, String host, int port) {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (uri.isSsl() ? "rediss://" : "redis://") + hostPart + ":" + port;
    }
}

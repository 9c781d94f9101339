package io.roomcast.cluster.testing;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The fixtures' own view of their nodes: one command at a time to one node, each over a fresh lettuce standalone
 * connection that does not reconnect, so a killed or restarted node never leaves a stale connection behind and a
 * dead one fails at once ("Connection refused") instead of queueing.
 */
final class NodeClient implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final RedisClient client;

    NodeClient() {
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
        client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
    }

    static RedisURI uri(int port) {
        return RedisURI.builder().withHost(HOST).withPort(port).withTimeout(TIMEOUT).build();
    }

    /** Runs {@code command} on the Redis at {@code port}. */
    <T> T on(int port, Function<RedisCommands<String, String>, T> command) {
        try (StatefulRedisConnection<String, String> connection = client.connect(uri(port))) {
            return command.apply(connection.sync());
        }
    }

    /** Runs {@code command} on the Sentinel at {@code port}. */
    <T> T onSentinel(int port, Function<RedisSentinelCommands<String, String>, T> command) {
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(uri(port))) {
            return command.apply(connection.sync());
        }
    }

    /** The {@code name:value} lines of an {@code INFO} or {@code CLUSTER INFO} reply. */
    static Map<String, String> fields(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}

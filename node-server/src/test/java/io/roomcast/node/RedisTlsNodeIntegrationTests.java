package io.roomcast.node;

import io.roomcast.cluster.streams.StreamsAdapterOptions;
import io.roomcast.cluster.testing.RedisAclRules;
import io.roomcast.cluster.testing.SecureRedisFixture;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.config.NodeConfig;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two chat nodes on a locked-down Redis, configured only through the environment: {@code REDIS_URL=rediss://...}
 * with a least-privilege ACL user (the lines of cluster/README.md), {@code REDIS_TLS_CA_FILE} for the private CA and
 * {@code REDIS_TLS_CERT_FILE}/{@code REDIS_TLS_KEY_FILE} for the client certificate Redis requires. A chat message
 * crosses nodes with each adapter.
 */
class RedisTlsNodeIntegrationTests {

    @RegisterExtension
    static final SecureRedisFixture redis = SecureRedisFixture.create();

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-sharded", "redis-streams"})
    void shouldCarryChatMessagesAcrossNodesOverTlsAsARestrictedUser(String adapter) throws Exception {
        String key = redis.keyPrefix();
        StreamsAdapterOptions streams = StreamsAdapterOptions.defaults();
        List<String> rules = switch (adapter) {
            case "redis" -> RedisAclRules.classic(key, "/");
            case "redis-sharded" -> RedisAclRules.sharded(key);
            default -> RedisAclRules.streams(streams.streamName(), key, streams.sessionKeyPrefix(),
                    streams.liveSessionKeyPrefix());
        };
        redis.createUser("chat-" + adapter, "node-password", rules);
        try (NodeRuntime nodeA = NodeServer.start(config("node-a", adapter), io -> { });
             NodeRuntime nodeB = NodeServer.start(config("node-b", adapter), io -> { });
             RawSocketIoClient alice = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"alice\"}");
             RawSocketIoClient carol = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"carol\"}")) {
            CrossNodeChat.awaitReadyAndJoin(nodeA, nodeB, "lobby", alice, carol);
            // with redis-sharded (dynamic subscriptions) node b subscribes the room's channel when carol joins,
            // and a message sent before that SSUBSCRIBE is confirmed does not reach it: send until one crosses
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            boolean crossed = false;
            for (int n = 0; !crossed && System.nanoTime() < deadline; n++) {
                assertThat(alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"over TLS " + n + "\"}"))
                        .contains("\"ok\":true");
                crossed = carol.framesSoFar(Duration.ofMillis(200)).stream().anyMatch(frame ->
                        frame.contains("\"text\":\"over TLS ") && frame.contains("\"from\":\"alice\""));
            }
            assertThat(crossed).as("a chat message crossed the nodes over TLS within 15 s").isTrue();
        }
    }

    private NodeConfig config(String nodeId, String adapter) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", nodeId,
                "REDIS_URL", redis.url("chat-" + adapter, "node-password"),
                "REDIS_TLS_CA_FILE", redis.caFile().toString(),
                "REDIS_TLS_CERT_FILE", redis.clientCertificateFile().toString(),
                "REDIS_TLS_KEY_FILE", redis.clientKeyFile().toString(),
                "ADAPTER", adapter,
                "ADAPTER_KEY", redis.keyPrefix()));
        env.put("PRESENCE", "adapter"); // the ACL rules under test cover the adapters' keys, not the presence store's
        return EnvConfigLoader.load(env);
    }
}

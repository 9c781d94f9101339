package io.roomcast.node;

import io.roomcast.cluster.streams.RedisStreamsAdapterFactory;
import io.roomcast.cluster.testing.SentinelFixture;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.node.config.RedisMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streams adapter on Redis Sentinel ({@code REDIS_MODE=sentinel}, a {@code redis-sentinel://} URL): two chat
 * nodes share a room across nodes, and after the master is SIGKILLed and a replica promoted, messages cross again.
 * (The classic adapter's failover, under load, is {@link SentinelFailoverIntegrationTests}.)
 */
class SentinelNodeIntegrationTests {

    @RegisterExtension
    static final SentinelFixture sentinel = SentinelFixture.create();

    private NodeConfig config(String nodeId) throws Exception {
        return EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", nodeId,
                "REDIS_MODE", "sentinel",
                "REDIS_URL", sentinel.sentinelUrl(),
                "ADAPTER", "redis-streams",
                "ADAPTER_KEY", sentinel.keyPrefix()));
    }

    @Test
    void shouldRunTheStreamsAdapterOnSentinelAndFollowTheNewMaster() throws Exception {
        NodeConfig configA = config("node-a");
        assertThat(configA.cluster().redisMode()).isEqualTo(RedisMode.SENTINEL);
        try (NodeRuntime nodeA = NodeServer.start(configA, io -> { });
             NodeRuntime nodeB = NodeServer.start(config("node-b"), io -> { });
             RawSocketIoClient alice = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"alice\"}");
             RawSocketIoClient carol = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"carol\"}")) {
            assertThat(nodeA.io().options().socketIo().adapter()).isInstanceOf(RedisStreamsAdapterFactory.class);
            CrossNodeChat.awaitReadyAndJoin(nodeA, nodeB, "lobby", alice, carol);
            alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"before\"}");
            assertThat(carol.awaitFrame(frame -> frame.contains("\"text\":\"before\""))).contains("\"from\":\"alice\"");

            int oldMaster = sentinel.killMaster();
            sentinel.awaitNewMaster(oldMaster, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            boolean crossed = false;
            for (int n = 0; !crossed && System.nanoTime() < deadline; n++) {
                assertThat(alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"after-" + n + "\"}"))
                        .as("node a serves its client throughout").contains("\"ok\":true");
                crossed = carol.framesSoFar(Duration.ofMillis(200)).stream()
                        .anyMatch(frame -> frame.contains("\"text\":\"after-"));
            }
            assertThat(crossed).as("a message crossed nodes through the new master within 15 s").isTrue();
        }
    }
}

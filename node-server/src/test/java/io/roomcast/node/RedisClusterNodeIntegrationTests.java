package io.roomcast.node;

import io.roomcast.cluster.testing.RedisClusterFixture;
import io.roomcast.cluster.transport.LettuceClusterTransport;
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
 * Two chat nodes with {@code REDIS_MODE=cluster} on a real Redis Cluster of three masters and three replicas
 * ({@link RedisClusterFixture}): the classic adapter runs on lettuce's cluster client, one node knowing a single seed
 * and the other every node as {@code host:port}, and a room broadcast crosses between them once.
 */
class RedisClusterNodeIntegrationTests {

    @RegisterExtension
    static final RedisClusterFixture redis = RedisClusterFixture.create();

    private NodeConfig config(String nodeId, String seeds) throws Exception {
        return EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", nodeId,
                "REDIS_MODE", "cluster",
                "REDIS_URL", seeds,
                "ADAPTER_KEY", redis.keyPrefix()));
    }

    @Test
    void shouldRunTheClassicAdapterOnTheClusterTransport() throws Exception {
        NodeConfig config = config("cluster-node", "redis://127.0.0.1:" + redis.masterPorts().get(0));
        assertThat(config.cluster().redisMode()).isEqualTo(RedisMode.CLUSTER);

        NodeRuntime.ChosenAdapter chosen = NodeRuntime.chooseAdapter(config.cluster());
        try {
            assertThat(chosen.pubSub()).hasValueSatisfying(factory ->
                    assertThat(factory.transport()).isInstanceOf(LettuceClusterTransport.class));
            assertThat(chosen.pubSub().orElseThrow().transport().isConnected()).isTrue();
        } finally {
            chosen.factory().close();
        }
        assertThat(chosen.pubSub().orElseThrow().transport().isConnected())
                .as("closing the server's factory closes the cluster transport too").isFalse();
    }

    @Test
    void shouldDeliverARoomBroadcastAcrossNodesOnARedisCluster() throws Exception {
        String oneSeed = "redis://127.0.0.1:" + redis.masterPorts().get(0);
        try (NodeRuntime nodeA = NodeServer.start(config("node-a", oneSeed), io -> { });
             NodeRuntime nodeB = NodeServer.start(config("node-b", redis.seedList()), io -> { });
             RawSocketIoClient alice = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"alice\"}");
             RawSocketIoClient carol = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"carol\"}");
             RawSocketIoClient dave = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"dave\"}")) {
            CrossNodeChat.awaitReadyAndJoin(nodeA, nodeB, "lobby", alice, carol);

            assertThat(carol.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"from b\"}")).contains("\"ok\":true");
            assertThat(alice.awaitEvent("message")).as("crossed from node b to node a")
                    .contains("\"text\":\"from b\"", "\"from\":\"carol\"");
            alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"from a\"}");
            assertThat(carol.awaitFrame(frame -> frame.contains("\"text\":\"from a\"")))
                    .as("crossed from node a to node b").contains("\"from\":\"alice\"");

            assertThat(alice.framesSoFar(Duration.ofMillis(300)).stream()
                    .filter(frame -> frame.contains("\"text\":\"from b\"")).count()).as("once").isEqualTo(1);
            assertThat(dave.framesSoFar(Duration.ofMillis(0)).stream()
                    .filter(frame -> frame.startsWith("42[\"message\"")).toList()).as("not a member").isEmpty();
        }
    }

    @Test
    void shouldReadTheVersionOfEveryMasterForTheShardedAdaptersCheck() throws Exception {
        NodeConfig.Cluster cluster = EnvConfigLoader.load(Map.of("REDIS_MODE", "cluster", "REDIS_URL",
                "127.0.0.1:" + redis.masterPorts().get(0), "ADAPTER", "redis-sharded", "HOSTNAME", "pod-1")).cluster();

        Map<String, String> infos = RedisVersionCheck.serverInfo(cluster);

        assertThat(infos.keySet()).as("one INFO per master")
                .containsExactlyInAnyOrderElementsOf(redis.masterPorts().stream().map(port -> "127.0.0.1:" + port)
                        .toList());
        assertThat(infos.values()).allSatisfy(info -> assertThat(RedisVersionCheck.version(info)).isPresent());
    }

    /**
     * Lettuce routes a PUBLISH to the master of its channel's slot, so the master killed is the one of the room
     * channel the broadcast goes to ({@code key#/#lobby#}); the test restarts it and waits for a healthy cluster
     * afterwards, so the other tests get the whole cluster back.
     */
    @Test
    void shouldDeliverAcrossNodesAgainAfterAMasterFailsOver() throws Exception {
        try (NodeRuntime nodeA = NodeServer.start(config("node-a", redis.seedList()), io -> { });
             NodeRuntime nodeB = NodeServer.start(config("node-b", redis.seedList()), io -> { });
             RawSocketIoClient alice = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"alice\"}");
             RawSocketIoClient carol = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"carol\"}")) {
            CrossNodeChat.awaitReadyAndJoin(nodeA, nodeB, "lobby", alice, carol);
            alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"before\"}");
            carol.awaitFrame(frame -> frame.contains("\"text\":\"before\""));

            int killed = redis.masterOf(redis.keyPrefix() + "#/#lobby#");
            redis.kill(killed);
            try {
                redis.awaitFailover(killed, Duration.ofSeconds(30));
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                boolean crossed = false;
                for (int n = 0; !crossed && System.nanoTime() < deadline; n++) {
                    assertThat(alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"after-" + n + "\"}"))
                            .as("node a serves its client throughout").contains("\"ok\":true");
                    crossed = carol.framesSoFar(Duration.ofMillis(200)).stream()
                            .anyMatch(frame -> frame.contains("\"text\":\"after-"));
                }
                assertThat(crossed).as("a message crossed nodes within 15 s of the failover").isTrue();
            } finally {
                redis.restart(killed);
                redis.awaitHealthy();
            }
        }
    }
}

package io.roomcast.node;

import io.roomcast.node.config.EnvConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real nodes running the chat app on the cluster adapter (REDIS_URL) and one redis-server: room messages cross
 * nodes exactly once; when Redis dies each node keeps serving its own clients and says so in readiness (node A by
 * default stays ready, node B has {@code READINESS_REQUIRES_REDIS=true} and turns 503); when Redis comes back the
 * nodes re-subscribe by themselves and messages cross again.
 */
class ClusterNodeTests {

    private final String adapterKey = "cluster-node-tests-" + System.nanoTime();
    private RedisServerProcess redis;
    private NodeRuntime nodeA;
    private NodeRuntime nodeB;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startCluster() throws Exception {
        redis = RedisServerProcess.start();
        nodeA = startNode("node-a", Map.of());
        nodeB = startNode("node-b", Map.of("READINESS_REQUIRES_REDIS", "true"));
        awaitReadiness(nodeA, 200);
        awaitReadiness(nodeB, 200);
    }

    @AfterEach
    void stopCluster() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void shouldDeliverEachRoomMessageExactlyOnceToMembersOnEveryNode() throws Exception {
        try (RawSocketIoClient alice = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"alice\"}");
             RawSocketIoClient bob = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"bob\"}");
             RawSocketIoClient carol = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"carol\"}");
             RawSocketIoClient dave = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"dave\"}")) {
            for (RawSocketIoClient member : List.of(alice, bob, carol)) {
                assertThat(member.emitWithAck("join", "\"lobby\"")).contains("\"ok\":true");
            }

            String ack = carol.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"hello from b\"}");
            assertThat(ack).contains("\"ok\":true");

            for (RawSocketIoClient member : List.of(alice, bob, carol)) {
                assertThat(messages(member, "hello from b")).as("each member gets the message once").hasSize(1);
                assertThat(messages(member, "hello from b").get(0)).contains("\"from\":\"carol\"");
            }
            assertThat(messages(dave, "hello from b")).as("not a member").isEmpty();
        }
    }

    @Test
    void shouldServeLocalClientsWithoutRedisAndResumeAcrossNodesWhenRedisReturns() throws Exception {
        try (RawSocketIoClient alice = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"alice\"}");
             RawSocketIoClient bob = RawSocketIoClient.connect(nodeA.port(), "{\"user\":\"bob\"}");
             RawSocketIoClient carol = RawSocketIoClient.connect(nodeB.port(), "{\"user\":\"carol\"}")) {
            for (RawSocketIoClient member : List.of(alice, bob, carol)) {
                member.emitWithAck("join", "\"lobby\"");
            }

            redis.kill();
            HttpResponse<String> notReady = awaitReadiness(nodeB, 503, "\"redis\":\"DOWN\"");
            assertThat(notReady.body()).contains("\"status\":\"DOWN\"");
            HttpResponse<String> stillReady = awaitReadiness(nodeA, 200, "\"redis\":\"DOWN\"");
            assertThat(stillReady.body()).as("Redis fails for every node at once: by default the node stays ready")
                    .contains("\"status\":\"UP\"");
            assertThat(nodeA.meterRegistry().get("roomcast.cluster.redis.up").gauge().value()).isZero();

            assertThat(alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"during outage\"}"))
                    .as("the node keeps serving its own clients").contains("\"ok\":true");
            assertThat(messages(bob, "during outage")).hasSize(1);
            assertThat(dropped(nodeA, "publish_failed")).as("never reached Redis").isPositive();
            assertThat(dropped(nodeA, "publish_timeout")).isZero();

            redis.startAgain();
            awaitReadiness(nodeA, 200, "\"redis\":\"UP\"");
            awaitReadiness(nodeB, 200, "\"redis\":\"UP\"");

            alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"after outage\"}");
            for (RawSocketIoClient member : List.of(alice, bob, carol)) {
                assertThat(messages(member, "after outage")).as("messages cross nodes again, once").hasSize(1);
            }
        }
    }

    private NodeRuntime startNode(String nodeId, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", nodeId,
                "REDIS_URL", redis.url(),
                "ADAPTER_KEY", adapterKey));
        env.putAll(extraEnv);
        return NodeServer.start(EnvConfigLoader.load(env), io -> { });
    }

    private static double dropped(NodeRuntime node, String reason) {
        return node.meterRegistry().get("roomcast.cluster.messages.dropped").tag("reason", reason).counter().count();
    }

    /** The chat {@code message} events carrying {@code text} that this client has received. */
    private static List<String> messages(RawSocketIoClient client, String text) throws InterruptedException {
        return client.framesSoFar(Duration.ofMillis(300)).stream()
                .filter(frame -> frame.startsWith("42[\"message\"") && frame.contains("\"text\":\"" + text + "\""))
                .toList();
    }

    private HttpResponse<String> awaitReadiness(NodeRuntime node, int status) throws Exception {
        return awaitReadiness(node, status, "");
    }

    /** Polls {@code /health/ready} until it answers {@code status} with a body containing {@code bodyPart}. */
    private HttpResponse<String> awaitReadiness(NodeRuntime node, int status, String bodyPart) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + node.managementPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == status && last.body().contains(bodyPart)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness never answered " + status + " with " + bodyPart + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }
}

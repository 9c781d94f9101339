package io.roomcast.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.node.config.EnvConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's cluster-wide presence with real socket.io-client 4.8.4 sockets ({@code src/test/node/scenarios/
 * presence.js}) on two chat nodes sharing one real redis-server: alice on node A, bob and carol on node B. Join acks
 * count and list the room across both nodes, {@code members} lists it, every join and leave reaches the other
 * members on both nodes as a {@code presence} event. With {@code PRESENCE=redis}, node B (a child JVM) is then
 * SIGKILLed: its members vanish from node A's lists within {@code PRESENCE_TTL}, and alice is told carol left.
 * With {@code PRESENCE=adapter} (fetchSockets on every query) the same contract holds.
 */
class PresenceClusterTests {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> running = new ArrayList<>();
    private RedisServerProcess redis;

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldShowTheRoomAcrossNodesAndDropAKilledNodesMembersWithinTheTtl() throws Exception {
        redis = RedisServerProcess.start();
        String key = "presence-tests-" + System.nanoTime();
        NodeRuntime nodeA = inProcess("node-a", key, "redis");
        NodeProcess nodeB = NodeProcess.start(env("node-b", key, "redis"));
        running.add(nodeB);
        nodeB.awaitReady(Duration.ofSeconds(60));

        ToolProcess script = ToolProcess.start("presence", List.of("node", "scenarios/presence.js",
                "--a", "http://127.0.0.1:" + nodeA.port(), "--b", "http://127.0.0.1:" + nodeB.port,
                "--kill-phase", "true"), suiteDir(), Map.of());
        running.add(script);
        awaitLine(script, "ready-to-kill");
        assertContract(report(script, "contract"));

        long killedAt = System.currentTimeMillis();
        nodeB.kill(); // SIGKILL: no drain, its presence entries stay in Redis
        if (!script.process().waitFor(SCRIPT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                || script.process().exitValue() != 0) {
            throw new AssertionError("presence.js failed:\n" + script.output());
        }
        JsonNode kill = report(script, "kill");
        long vanishedAfter = kill.get("vanishedAt").asLong() - killedAt;
        long noticeAfter = kill.get("noticeAt").asLong() - killedAt;
        System.out.printf("presence: node B SIGKILLed; its members left node A's list after %d ms, the 'left' notice"
                + " came after %d ms (PRESENCE_TTL %d ms)%n", vanishedAfter, noticeAfter, TTL.toMillis());
        assertThat(kill.at("/members/size").asInt()).isEqualTo(1);
        assertThat(kill.at("/members/members/0/user").asText()).isEqualTo("alice");
        assertThat(vanishedAfter).as("a dead node's members vanish within PRESENCE_TTL (plus polling slack)")
                .isLessThan(TTL.toMillis() + 1000);
        assertThat(kill.at("/notice/member/user").asText()).isEqualTo("carol");
        assertThat(kill.at("/notice/size").asInt()).isEqualTo(1);
    }

    @Test
    void shouldShowTheRoomAcrossNodesThroughFetchSockets() throws Exception {
        redis = RedisServerProcess.start();
        String key = "presence-adapter-tests-" + System.nanoTime();
        NodeRuntime nodeA = inProcess("node-a", key, "adapter");
        NodeRuntime nodeB = inProcess("node-b", key, "adapter");
        Await.until("both nodes ready", Duration.ofSeconds(15),
                () -> nodeA.io().isAdapterReady() && nodeB.io().isAdapterReady());

        ToolProcess.Result result = ToolProcess.run("presence-adapter", List.of("node", "scenarios/presence.js",
                "--a", "http://127.0.0.1:" + nodeA.port(), "--b", "http://127.0.0.1:" + nodeB.port()),
                suiteDir(), Map.of(), SCRIPT_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new AssertionError("presence.js failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        assertContract(line(result.output(), "contract"));
    }

    private static void assertContract(JsonNode report) throws Exception {
        String room = report.get("room").asText();
        JsonNode ids = report.get("ids");
        JsonNode alice = member(ids.get("alice").asText(), "alice", "node-a");
        JsonNode bob = member(ids.get("bob").asText(), "bob", "node-b");
        JsonNode carol = member(ids.get("carol").asText(), "carol", "node-b");

        assertThat(report.at("/welcome/alice")).isEqualTo(JSON.readTree("{\"id\":\"" + ids.get("alice").asText()
                + "\",\"from\":\"alice\",\"user\":\"alice\",\"node\":\"node-a\"}"));
        assertThat(report.at("/welcome/bob/node").asText()).isEqualTo("node-b");
        assertThat(report.get("aliceJoins")).isEqualTo(members(room, alice));
        assertThat(report.get("bobJoins")).as("the size counts both nodes").isEqualTo(members(room, alice, bob));
        assertThat(report.get("carolJoins")).isEqualTo(members(room, alice, bob, carol));
        assertThat(report.get("aliceMembers")).isEqualTo(members(room, alice, bob, carol));
        assertThat(report.get("bobLeaves")).isEqualTo(JSON.readTree(
                "{\"ok\":true,\"room\":\"" + room + "\",\"size\":2}"));
        assertThat(report.get("alicePresence")).as("node A hears of node B's joins and leaves").isEqualTo(
                JSON.createArrayNode().add(notice(room, "joined", bob, 2)).add(notice(room, "joined", carol, 3))
                        .add(notice(room, "left", bob, 2)));
        // a notice travels as any broadcast: one published just before a member joined on another node may still
        // reach it; a "joined" notice of someone its own join ack listed changes nothing for it
        assertThat(news(report.get("carolPresence"), report.get("carolJoins")))
                .isEqualTo(JSON.createArrayNode().add(notice(room, "left", bob, 2)));
        assertThat(news(report.get("bobPresence"), report.get("bobJoins")))
                .isEqualTo(JSON.createArrayNode().add(notice(room, "joined", carol, 3)));
    }

    /** The notices that tell a member something its join ack did not. */
    private static JsonNode news(JsonNode notices, JsonNode joinAck) {
        var news = JSON.createArrayNode();
        for (JsonNode notice : notices) {
            boolean known = false;
            for (JsonNode member : joinAck.get("members")) {
                known |= notice.get("type").asText().equals("joined") && member.equals(notice.get("member"));
            }
            if (!known) {
                news.add(notice);
            }
        }
        return news;
    }

    private static JsonNode member(String id, String user, String node) {
        return JSON.createObjectNode().put("id", id).put("user", user).put("node", node);
    }

    private static JsonNode members(String room, JsonNode... members) {
        var ack = JSON.createObjectNode().put("ok", true).put("room", room).put("size", members.length);
        ack.putArray("members").addAll(List.of(members));
        return ack;
    }

    private static JsonNode notice(String room, String type, JsonNode member, int size) {
        var notice = JSON.createObjectNode().put("room", room).put("type", type);
        notice.set("member", member);
        return notice.put("size", size);
    }

    private NodeRuntime inProcess(String nodeId, String key, String presence) throws Exception {
        NodeRuntime node = NodeServer.start(EnvConfigLoader.load(env(nodeId, key, presence)), io -> { });
        running.add(node);
        return node;
    }

    private Map<String, String> env(String nodeId, String key, String presence) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", String.valueOf(NodeProcess.freePort()));
        env.put("MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()));
        env.put("NODE_ID", nodeId);
        env.put("REDIS_URL", redis.url());
        env.put("ADAPTER_KEY", key);
        env.put("PRESENCE", presence);
        env.put("PRESENCE_TTL", TTL.toMillis() + "ms");
        return env;
    }

    private static Path suiteDir() {
        Path suite = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/node").toAbsolutePath();
        if (!Files.isRegularFile(suite.resolve("node_modules/socket.io-client/package.json"))) {
            throw new AssertionError("run npm ci in node-server/src/test/node (missing node_modules/socket.io-client)");
        }
        return suite;
    }

    private static void awaitLine(ToolProcess script, String line) throws InterruptedException {
        Await.until("presence.js prints " + line, SCRIPT_TIMEOUT,
                () -> script.output().lines().anyMatch(line::equals) || !script.isAlive());
        if (script.output().lines().noneMatch(line::equals)) {
            throw new AssertionError("presence.js exited before " + line + ":\n" + script.output());
        }
    }

    private static JsonNode report(ToolProcess script, String phase) throws Exception {
        return line(script.output(), phase);
    }

    private static JsonNode line(String output, String phase) throws Exception {
        String marker = "{\"phase\":\"" + phase + "\"";
        String line = output.lines().filter(l -> l.startsWith(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + phase + " report in:\n" + output));
        return JSON.readTree(line);
    }
}

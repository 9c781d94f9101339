package io.roomcast.cluster.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.cluster.streams.StreamsTestNode.Client;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.adapter.SavedSession;
import io.roomcast.socketio.adapter.SessionRestore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A Roomcast node and a Node.js socket.io 4.8 server on {@code @socket.io/redis-streams-adapter} 0.3.1 in one
 * cluster, both with connection state recovery. Needs {@code node} and {@code npm ci} in
 * {@code src/test/interop-streams}; skipped without them.
 */
@Tag("integration")
class StreamsNodeInteropIntegrationTests {

    private static final Path PEER_DIR = Path.of("src/test/interop-streams");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static RedisFixture redis = RedisFixture.any();

    private StreamsTestNode java;
    private Process node;
    private Writer commands;
    private final List<JsonNode> fromNode = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        assumeThat(Files.isRegularFile(PEER_DIR.resolve("node_modules/@socket.io/redis-streams-adapter/package.json")))
                .as("npm ci in " + PEER_DIR).isTrue();
        String prefix = redis.keyPrefix();
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults().withStreamName(prefix)
                .withChannelPrefix(prefix).withSessionKeyPrefix(prefix + ":session:")
                .withBlockTime(Duration.ofSeconds(1));
        java = new StreamsTestNode(redis.uri(), options, ConnectionStateRecovery.defaults());
        node = new ProcessBuilder("node", "streams-peer.js", Integer.toString(redis.uri().getPort()), prefix)
                .directory(PEER_DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    fromNode.add(JSON.readTree(line));
                }
            } catch (IOException e) {
                // the peer ended
            }
        }, "streams-peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.destroy();
            node.waitFor(5, TimeUnit.SECONDS);
        }
        if (java != null) {
            java.close();
        }
    }

    private void send(Map<String, Object> command) {
        try {
            commands.write(JSON.writeValueAsString(command) + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode awaitFromNode(Predicate<JsonNode> match) {
        await().atMost(Duration.ofSeconds(10)).until(() -> fromNode.stream().anyMatch(match));
        return fromNode.stream().filter(match).findFirst().orElseThrow();
    }

    private static Predicate<JsonNode> nodeEvent(String name) {
        return e -> e.path("kind").asText().equals("event") && e.path("args").path(0).asText().equals(name);
    }

    /** The offset (last argument) of event {@code name} at a Java client. */
    private static String javaOffset(Client client, String name) {
        String prefix = "2[\"" + name + "\"";
        String frame = client.client().awaitText(t -> t.startsWith(prefix)).stream()
                .filter(t -> t.startsWith(prefix)).findFirst().orElseThrow();
        try {
            JsonNode args = JSON.readTree(frame.substring(1));
            return args.get(args.size() - 1).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldShareOneClusterWithANodeServerOnTheStreamsAdapter() throws Exception {
        String nodeClient = awaitFromNode(e -> e.path("kind").asText().equals("connected")).get("id").asText();
        Client javaClient = java.connect();
        javaClient.socket().join("room1");
        await().atMost(Duration.ofSeconds(10)).until(() -> java.adapter().serverCount().join() == 2);
        // Node's read loop starts at "$" some time after it subscribed: emit until it reads
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            java.nsp().to("warmup-room").emit("warmup");
            java.nsp().emit("warmup");
            return fromNode.stream().anyMatch(nodeEvent("warmup"));
        });

        java.nsp().to("room1").emit("from-java", 1);
        JsonNode got = awaitFromNode(nodeEvent("from-java"));
        assertThat(got.get("args").get(1).asInt()).isEqualTo(1);
        assertThat(EntryIds.isValid(got.get("args").get(2).asText())).as("offset appended by Node").isTrue();

        send(Map.of("op", "emit", "rooms", List.of("room1"), "args", List.of("from-node", "x")));
        String fromNodeOffset = javaOffset(javaClient, "from-node");
        assertThat(EntryIds.isValid(fromNodeOffset)).isTrue();

        List<RemoteSocket> sockets = java.nsp().fetchSockets().get(10, TimeUnit.SECONDS);
        assertThat(sockets).extracting(RemoteSocket::id).contains(nodeClient, javaClient.id());
        assertThat(java.nsp().allRooms().get(10, TimeUnit.SECONDS)).contains("room1", nodeClient);
        send(Map.of("op", "fetch"));
        assertThat(awaitFromNode(e -> e.path("kind").asText().equals("fetched")).get("ids").toString())
                .contains(javaClient.id(), nodeClient);
        assertThat(java.nsp().serverSideEmitWithAck("ping").get(10, TimeUnit.SECONDS)).containsExactly("node-pong");

        // a session saved here, restored by Node: only what its rooms would have got, in order, with ids
        String sid = "voG4q2X6yUN0kBZoAAAA";
        String pid = "liLPcgglchK3e8wzAAAB";
        java.adapter().persistSession(new SavedSession(sid, pid, Set.of(sid, "room1"), Map.of("user", "ann")));
        java.nsp().to("room1").emit("m1");
        String m1 = javaOffset(javaClient, "m1");
        send(Map.of("op", "emit", "rooms", List.of("room2"), "args", List.of("m2")));
        send(Map.of("op", "emit", "rooms", List.of(), "args", List.of("m3")));
        String m3 = javaOffset(javaClient, "m3");
        send(Map.of("op", "restore", "pid", pid, "offset", fromNodeOffset));
        JsonNode restored = awaitFromNode(e -> e.path("kind").asText().equals("restored")).get("session");
        assertThat(restored.get("sid").asText()).isEqualTo(sid);
        assertThat(restored.get("data").get("user").asText()).isEqualTo("ann");
        assertThat(restored.get("missedPackets").toString())
                .isEqualTo("[[\"m1\",\"" + m1 + "\"],[\"m3\",\"" + m3 + "\"]]");

        // and a session saved by Node, restored here
        String sid2 = "Xc8dlu0ygnEwqMrAAAAB";
        String pid2 = "Yc8dlu0ygnEwqMrAAAAC";
        send(Map.of("op", "persist", "session", Map.of("sid", sid2, "pid", pid2, "rooms", List.of(sid2, "room2"),
                "data", Map.of("n", 1))));
        awaitFromNode(e -> e.path("kind").asText().equals("persisted"));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Optional<SessionRestore> restore = Optional.of(java.adapter().restoreSession(pid2, m1, s -> { })
                    .get(10, TimeUnit.SECONDS));
            if (!restore.get().isRecovered()) {
                return false; // the SET may not have landed yet; a failed attempt takes nothing
            }
            assertThat(restore.get().session().rooms()).containsExactlyInAnyOrder(sid2, "room2");
            assertThat(restore.get().session().data()).isEqualTo(Map.of("n", 1));
            assertThat(restore.get().missedPackets()).extracting(p -> p.get(0)).containsExactly("m2", "m3");
            assertThat(restore.get().missedPackets().get(1)).containsExactly("m3", m3);
            return true;
        });
    }
}

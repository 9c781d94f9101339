package io.roomcast.cluster.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.cluster.streams.StreamsTestNode.Client;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.adapter.RecoveryResult;
import io.roomcast.socketio.adapter.SavedSession;
import io.roomcast.socketio.adapter.SessionRestore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connection state recovery on the streams adapter: offsets are entry ids, sessions live in Redis as Node's. */
@Tag("integration")
class RedisStreamsRecoveryIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SID = "voG4q2X6yUN0kBZoAAAA";
    private static final String PID = "liLPcgglchK3e8wzAAAB";

    @RegisterExtension
    static RedisFixture redis = RedisFixture.any();

    private final List<StreamsTestNode> nodes = new ArrayList<>();
    private StreamsAdapterOptions options;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @BeforeEach
    void startNodes() {
        String prefix = redis.keyPrefix();
        options = StreamsAdapterOptions.defaults().withStreamName(prefix).withChannelPrefix(prefix)
                .withSessionKeyPrefix(prefix + ":session:").withBlockTime(Duration.ofSeconds(1)).withReadCount(2);
        ConnectionStateRecovery recovery = ConnectionStateRecovery.defaults()
                .withMaxDisconnectionDuration(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            nodes.add(new StreamsTestNode(redis.uri(), options, recovery));
        }
        client = RedisClient.create(redis.uri());
        connection = client.connect();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(StreamsTestNode::close);
        connection.close();
        client.shutdown();
    }

    StreamsTestNode node(int index) {
        return nodes.get(index);
    }

    /** The events a client got, each as its argument list (offset last). */
    static List<List<Object>> events(Client client) {
        List<List<Object>> events = new ArrayList<>();
        for (String text : client.client().texts()) {
            if (text.startsWith("2[")) {
                events.add(parse(text.substring(1)));
            }
        }
        return events;
    }

    @SuppressWarnings("unchecked")
    static List<Object> parse(String json) {
        try {
            return JSON.readValue(json, List.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the event {@code name} at {@code client} and returns its offset. */
    static String offsetOf(Client client, String name) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events(client).stream().anyMatch(e -> e.get(0).equals(name)));
        List<Object> event = events(client).stream().filter(e -> e.get(0).equals(name)).findFirst().orElseThrow();
        return (String) event.get(event.size() - 1);
    }

    @Test
    void shouldAppendEntryIdsAndDeliverInStreamOrderOnEveryNode() {
        Client a = node(0).connect();
        Client b = node(1).connect();

        node(0).nsp().emit("ev", "one");
        node(1).nsp().emit("ev", "two");
        node(0).nsp().emit("ev", "three");
        node(1).nsp().volatile_().emit("vol");

        await().atMost(Duration.ofSeconds(5)).until(() -> events(a).size() == 4 && events(b).size() == 4);
        List<List<Object>> seenByA = events(a).stream().filter(e -> e.get(0).equals("ev")).toList();
        assertThat(seenByA).hasSize(3).isEqualTo(events(b).stream().filter(e -> e.get(0).equals("ev")).toList());
        List<String> ids = seenByA.stream().map(e -> (String) e.get(2)).toList();
        assertThat(ids).allMatch(EntryIds::isValid);
        for (int i = 1; i < ids.size(); i++) {
            assertThat(EntryIds.compare(ids.get(i - 1), ids.get(i))).isNegative();
        }
        assertThat(events(a)).contains(List.of("vol")); // volatile: no offset
    }

    @Test
    void shouldRestoreASessionOnAnotherNodeWithTheMissedPacketsFilteredByRoomsInOrder() throws Exception {
        Client watcher = node(2).connect();
        watcher.socket().join("room1", "room2", SID); // sees what the session would, to learn the ids and order
        node(0).adapter().persistSession(new SavedSession(SID, PID, Set.of(SID, "room1"), Map.of("user", "ann")));
        await().atMost(Duration.ofSeconds(5)).until(() -> connection.sync().get(options.sessionKeyPrefix() + PID) != null);
        node(1).nsp().emit("before");
        String offset = offsetOf(watcher, "before");

        node(1).nsp().to("room1").emit("r1");
        offsetOf(watcher, "r1");
        node(1).nsp().to("room2").emit("r2");
        node(0).nsp().emit("all", 1);
        offsetOf(watcher, "all");
        node(1).nsp().volatile_().emit("vol");
        node(1).nsp().except("room1").emit("ex");
        node(0).nsp().to(SID).emit("direct");
        offsetOf(watcher, "direct");
        node(1).nsp().to("room2", "room1").emit("r21");
        offsetOf(watcher, "r21");

        AtomicReference<SavedSession> joined = new AtomicReference<>();
        SessionRestore restore = node(2).adapter().restoreSession(PID, offset, joined::set).get(10, TimeUnit.SECONDS);

        assertThat(restore.result()).isEqualTo(RecoveryResult.RECOVERED);
        assertThat(restore.session().sid()).isEqualTo(SID);
        assertThat(restore.session().rooms()).containsExactlyInAnyOrder(SID, "room1");
        assertThat(restore.session().data()).isEqualTo(Map.of("user", "ann"));
        assertThat(joined.get()).isEqualTo(restore.session());
        assertThat(restore.missedPackets()).containsExactly(
                List.of("r1", offsetOf(watcher, "r1")),
                List.of("all", 1, offsetOf(watcher, "all")),
                List.of("direct", offsetOf(watcher, "direct")),
                List.of("r21", offsetOf(watcher, "r21")));
        assertThat(connection.sync().get(options.sessionKeyPrefix() + PID)).isNull();
        assertThat(node(1).adapter().restoreSession(PID, offset, s -> { }).get(5, TimeUnit.SECONDS).result())
                .isEqualTo(RecoveryResult.UNKNOWN);
    }

    @Test
    void shouldReplayOrDeliverLiveEveryEntryExactlyOnceWhileBroadcastsKeepComing() throws Exception {
        Client watcher = node(2).connect();
        watcher.socket().join(SID);
        Client restored = node(2).connect(); // stands for the reconnected socket: joins SID's rooms on restore
        node(0).adapter().persistSession(new SavedSession(SID, PID, Set.of(SID), null));
        await().atMost(Duration.ofSeconds(5)).until(() -> connection.sync().get(options.sessionKeyPrefix() + PID) != null);
        node(1).nsp().to(SID).emit("n", 0);
        String offset = offsetOf(watcher, "n");
        int total = 300;

        Thread publisher = new Thread(() -> {
            for (int i = 1; i <= total; i++) {
                node(i % 2).nsp().to(SID).emit("n", i);
            }
        });
        publisher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(watcher).size() > 50); // restore mid-stream
        SessionRestore restore = node(2).adapter().restoreSession(PID, offset,
                session -> restored.socket().join(SID)).get(10, TimeUnit.SECONDS);
        publisher.join();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(watcher).size() == total + 1);

        List<List<Object>> expected = events(watcher).subList(1, total + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> restore.missedPackets().size() + events(restored).size()
                >= expected.size());
        List<List<Object>> seen = new ArrayList<>(restore.missedPackets());
        seen.addAll(events(restored));
        assertThat(restore.missedPackets()).isNotEmpty();
        assertThat(seen).isEqualTo(expected); // same entries, same ids, same order: nothing lost, nothing twice
    }

    @Test
    void shouldFailForATrimmedOrMalformedOffsetAnUnknownPidAndAnUnreadableSession() throws Exception {
        Client watcher = node(1).connect();
        node(0).nsp().emit("kept");
        String kept = offsetOf(watcher, "kept");
        String key = options.sessionKeyPrefix() + PID;
        node(0).adapter().persistSession(new SavedSession(SID, PID, Set.of(SID), null));
        await().atMost(Duration.ofSeconds(5)).until(() -> connection.sync().get(key) != null);

        assertThat(restore(PID, "not-an-offset")).isEqualTo(RecoveryResult.TRIMMED);
        assertThat(restore(PID, "1-0")).isEqualTo(RecoveryResult.TRIMMED); // valid, long gone
        assertThat(restore("unknown-pid", kept)).isEqualTo(RecoveryResult.UNKNOWN);
        connection.sync().set(key, "!!! not a session");
        assertThat(restore(PID, kept)).isEqualTo(RecoveryResult.UNKNOWN);
    }

    private RecoveryResult restore(String pid, String offset) throws Exception {
        return node(2).adapter().restoreSession(pid, offset, s -> { }).get(5, TimeUnit.SECONDS).result();
    }

    @Test
    void shouldRestoreASessionPersistedByANodeNode() throws Exception {
        Client watcher = node(1).connect();
        node(0).nsp().emit("before");
        String offset = offsetOf(watcher, "before");
        node(0).nsp().emit("after");
        offsetOf(watcher, "after");
        // what Node's persistSession wrote in the capture of protocol §6.8 (rooms [sid, "room1"], data {})
        String nodeSession = new io.roomcast.cluster.protocol.SessionCodec()
                .encode(new SavedSession(SID, PID, Set.of(SID, "room1"), null));
        assertThat(nodeSession).startsWith("hKNzaWS0dm9H");
        connection.sync().set(options.sessionKeyPrefix() + PID, nodeSession);

        SessionRestore restore = node(2).adapter().restoreSession(PID, offset, s -> { }).get(5, TimeUnit.SECONDS);

        assertThat(restore.isRecovered()).isTrue();
        assertThat(restore.session().data()).isEqualTo(Map.of());
        assertThat(restore.missedPackets()).containsExactly(List.of("after", offsetOf(watcher, "after")));
    }
}

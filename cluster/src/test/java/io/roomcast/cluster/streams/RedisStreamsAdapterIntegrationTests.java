package io.roomcast.cluster.streams;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.streams.StreamsTestNode.Client;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.socketio.RemoteSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on the streams adapter and a real redis-server. Absence is checked after a later "sentinel" broadcast
 * from the same node arrived: the stream keeps one order for everyone, so whatever came before it was handled.
 */
@Tag("integration")
class RedisStreamsAdapterIntegrationTests {

    @RegisterExtension
    static RedisFixture redis = RedisFixture.any();

    private final List<StreamsTestNode> nodes = new ArrayList<>();
    private StreamsAdapterOptions options;

    @BeforeEach
    void startNodes() {
        String prefix = redis.keyPrefix();
        options = StreamsAdapterOptions.defaults().withStreamName(prefix).withChannelPrefix(prefix)
                .withSessionKeyPrefix(prefix + ":session:").withRequestsTimeout(Duration.ofSeconds(2))
                .withBlockTime(Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            nodes.add(new StreamsTestNode(redis.uri(), options, null));
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(StreamsTestNode::close);
    }

    StreamsTestNode node(int index) {
        return nodes.get(index);
    }

    static String event(String name, String jsonArgs) {
        return "2[\"" + name + "\"" + (jsonArgs.isEmpty() ? "" : "," + jsonArgs) + "]";
    }

    static void sentinel(StreamsTestNode from, Client... clients) {
        from.nsp().emit("sentinel");
        for (Client client : clients) {
            client.awaitFrame(event("sentinel", ""));
        }
    }

    static List<String> eventsOf(Client client) {
        return client.client().texts().stream().filter(t -> !t.equals(event("sentinel", ""))).toList();
    }

    @Test
    void shouldBroadcastToEverySocketOnEveryNodeOnce() {
        Client a = node(0).connect();
        Client b = node(1).connect();
        Client c = node(2).connect();

        node(0).nsp().emit("news", "hello", 1);

        sentinel(node(0), a, b, c);
        for (Client client : List.of(a, b, c)) {
            assertThat(eventsOf(client)).containsExactly(event("news", "\"hello\",1"));
        }
        assertThat(node(0).adapter().serverCount().join()).isEqualTo(3);
    }

    @Test
    void shouldHonourRoomsAndExceptAcrossNodes() {
        Client inBoth = node(1).connect();
        Client inA = node(2).connect();
        Client excluded = node(2).connect();
        Client outside = node(1).connect();
        inBoth.socket().join("a", "b");
        inA.socket().join("a");
        excluded.socket().join("a", "x");

        node(0).nsp().to("a").to("b").except("x").emit("ev", "multi");

        sentinel(node(0), inBoth, inA, excluded, outside);
        assertThat(eventsOf(inBoth)).containsExactly(event("ev", "\"multi\""));
        assertThat(eventsOf(inA)).containsExactly(event("ev", "\"multi\""));
        assertThat(eventsOf(excluded)).isEmpty();
        assertThat(eventsOf(outside)).isEmpty();
    }

    @Test
    void shouldCarryBinaryArgumentsToOtherNodes() {
        Client there = node(1).connect();

        node(0).nsp().emit("bin", (Object) new byte[] {1, 2, 3});

        await().atMost(Duration.ofSeconds(5)).until(() -> there.client().frames().stream()
                .anyMatch(f -> f instanceof byte[] bytes && bytes.length == 3));
        assertThat(there.client().texts()).anyMatch(t -> t.startsWith("51-[\"bin\""));
    }

    @Test
    void shouldCollectTheAckOfEveryClientOnEveryNode() throws Exception {
        Client a = node(0).connect();
        Client b = node(1).connect();
        Client c = node(2).connect();

        CompletableFuture<List<Object>> acks = node(0).nsp().timeout(Duration.ofSeconds(5)).emitWithAck("ask", "q?");

        answer(a, "ask", "\"from-a\"");
        answer(b, "ask", "\"from-b\"");
        answer(c, "ask", "{\"from\":\"c\"}");
        assertThat(acks.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder("from-a", "from-b", Map.of("from", "c"));
    }

    static void answer(Client client, String event, String jsonArg) {
        String frame = client.client().awaitText(t -> t.contains("[\"" + event + "\"")).stream()
                .filter(t -> t.contains("[\"" + event + "\"")).findFirst().orElseThrow();
        String id = frame.substring(1, frame.indexOf('['));
        client.client().send("3" + id + "[" + jsonArg + "]");
    }

    @Test
    void shouldFetchSocketsAndAllRoomsOfEveryNode() throws Exception {
        Client here = node(0).connect();
        Client there = node(1).connect();
        node(2).connect();
        here.socket().join("room1");
        there.socket().join("room1", "room3");
        there.socket().data(Map.of("user", "bob"));

        List<RemoteSocket> sockets = node(0).nsp().in("room1").fetchSockets().get(5, TimeUnit.SECONDS);

        assertThat(sockets).extracting(RemoteSocket::id).containsExactlyInAnyOrder(here.id(), there.id());
        RemoteSocket remote = sockets.stream().filter(s -> s.id().equals(there.id())).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder(there.id(), "room1", "room3");
        assertThat(remote.data()).isEqualTo(Map.of("user", "bob"));
        assertThat(node(2).nsp().allRooms().get(5, TimeUnit.SECONDS))
                .contains("room1", "room3", here.id(), there.id());
    }

    @Test
    void shouldSendServerSideEmitToTheOtherServersAndCollectTheirAnswers() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "node" + i;
            node(i).nsp().onServerSideEmit((event, args, ack) -> {
                got.add(name + ":" + event);
                ack.send(name);
            });
        }

        node(0).nsp().serverSideEmit("ping", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
        assertThat(got).containsExactlyInAnyOrder("node1:ping", "node2:ping");

        List<Object> answers = node(0).nsp().serverSideEmitWithAck("ask").get(5, TimeUnit.SECONDS);
        assertThat(answers).containsExactlyInAnyOrder("node1", "node2");
    }

    @Test
    void shouldMakeSocketsOnEveryNodeJoinRoomsAndDisconnect() {
        Client here = node(0).connect();
        Client there = node(1).connect();
        Client elsewhere = node(2).connect();
        there.socket().join("vip");

        node(0).nsp().in("vip").socketsJoin("lounge");
        await().atMost(Duration.ofSeconds(5)).until(() -> there.socket().rooms().contains("lounge"));
        node(0).nsp().socketsJoin("everyone");
        await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere.socket().rooms().contains("everyone")
                && here.socket().rooms().contains("everyone"));
        assertThat(elsewhere.socket().rooms()).doesNotContain("lounge");

        node(2).nsp().in("lounge").disconnectSockets(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !there.socket().connected());
        assertThat(here.socket().connected()).isTrue();
        assertThat(elsewhere.socket().connected()).isTrue();
    }

    @Test
    void shouldDropAndCountMalformedEntriesAndDeliverTheNextGoodOne() {
        Client there = node(1).connect();
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().xadd(options.streamName(), Map.of("uid", "evil", "nsp", "/", "type", "3",
                    "data", "{broken"));
            connection.sync().xadd(options.streamName(), Map.of("uid", "evil", "nsp", "/", "type", "3",
                    "data", "AAAA"));
        }

        sentinel(node(0), there);
        assertThat(eventsOf(there)).isEmpty();
        assertThat(node(1).observed().droppedFor(DropReason.MALFORMED)).isEqualTo(2);
    }

    /** Stream entries whose packet socket.io-client could not parse: dropped, counted; the entries around arrive. */
    @Test
    void shouldDropEventPacketsClientsCannotParseAndDeliverTheEntriesAroundThem() {
        Client there = node(1).connect();
        String good = "{\"packet\":{\"type\":2,\"data\":[\"ev\",\"ok\"]},\"opts\":{\"rooms\":[],\"except\":[],"
                + "\"flags\":{}}}";
        List<String> badPackets = List.of("{\"type\":2,\"data\":[]}", "{\"type\":2,\"data\":[{}]}",
                "{\"type\":2,\"data\":[\"connect_error\"]}", "{\"type\":6,\"data\":[\"ev\"]}");
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().xadd(options.streamName(), Map.of("uid", "evil", "nsp", "/", "type", "3", "data", good));
            for (String packet : badPackets) {
                connection.sync().xadd(options.streamName(), Map.of("uid", "evil", "nsp", "/", "type", "3",
                        "data", good.replace("{\"type\":2,\"data\":[\"ev\",\"ok\"]}", packet)));
            }
            connection.sync().xadd(options.streamName(), Map.of("uid", "evil", "nsp", "/", "type", "3", "data", good));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(there).size() == 2);
        sentinel(node(0), there);
        assertThat(eventsOf(there)).containsExactly(event("ev", "\"ok\""), event("ev", "\"ok\""));
        assertThat(node(1).observed().droppedFor(DropReason.MALFORMED)).isEqualTo(badPackets.size());
    }

    @Test
    void shouldDeliverWhatANodeEmitterAppendsToTheStream() {
        Client there = node(1).connect();
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            // @socket.io/redis-streams-emitter's BROADCAST (protocol §5.2): uid "emitter", nsp inside the packet too
            connection.sync().xadd(options.streamName(), new java.util.LinkedHashMap<>(Map.of("uid", "emitter",
                    "nsp", "/", "type", "3", "data", "{\"packet\":{\"type\":2,\"data\":[\"news\",\"e\"],"
                            + "\"nsp\":\"/\"},\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}}")));
        }

        there.awaitFrame(event("news", "\"e\""));
    }

    @Test
    void shouldTellHowFarTheReadLoopIsBehindItsStream() throws Exception {
        assertThat(node(0).factory().isReady()).isTrue();
        assertThat(node(0).factory().streamLag()).isEqualTo(Duration.ZERO);
        StreamReader reader = readerOf(node(0));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        reader.onLoop(() -> {
            try {
                release.await(10, TimeUnit.SECONDS); // holds the loop: it reads nothing meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            node(1).nsp().emit("first");
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.sync().xlen(options.streamName()) == 1);
            String first = connection.sync().xrange(options.streamName(), io.lettuce.core.Range.unbounded())
                    .get(0).getId();
            long later = EntryIds.millis(first) + 3_000;
            connection.sync().xadd(options.streamName(), new io.lettuce.core.XAddArgs().id(later + "-0"),
                    Map.of("uid", "x", "nsp", "/other", "type", "3", "data", "{}"));

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> node(0).factory().streamLag().compareTo(Duration.ofSeconds(2)) >= 0);
            assertThat(node(0).factory().streamLag()).isLessThanOrEqualTo(Duration.ofSeconds(4));
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node(0).factory().streamLag().isZero());
    }

    @Test
    void shouldBindTheAdapterMetricsWithTheStreamLag() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new io.roomcast.cluster.metrics.AdapterMetrics(node(0).factory()).bindTo(registry);
        Client there = node(1).connect();

        node(0).nsp().emit("counted");
        there.awaitFrame(event("counted", ""));

        assertThat(registry.get(io.roomcast.cluster.metrics.AdapterMetrics.STREAM_LAG).timeGauge().value())
                .isZero();
        assertThat(registry.get(io.roomcast.cluster.metrics.AdapterMetrics.REDIS_UP).gauge().value()).isEqualTo(1);
        assertThat(registry.get(io.roomcast.cluster.metrics.AdapterMetrics.MESSAGES_PUBLISHED)
                .tag("kind", "broadcast").counter().count()).isEqualTo(1);
    }

    private static StreamReader readerOf(StreamsTestNode node) {
        return node.factory().reader(node.adapter().stream());
    }
}

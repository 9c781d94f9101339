package io.roomcast.cluster.testing;

import io.roomcast.cluster.ClusterRequestTimeoutException;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.AckTimeoutException;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.RoomForbiddenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every cluster adapter does between three nodes, whatever its wire format: broadcasts, acks, fetchSockets,
 * bulk operations, serverSideEmit and the server count. Each adapter's suite extends it with its wire-level tests,
 * and runs once on the in-memory transport and once on a real Redis. Absence is checked after a later "sentinel"
 * broadcast from the same node arrived: pub/sub keeps one publisher's order, so whatever was published before it
 * has been handled by then.
 */
public abstract class AbstractClusterAdapterConformanceTests {

    protected final List<TestNode> nodes = new ArrayList<>();

    /** A new connection to the shared bus or Redis: one per node. */
    protected abstract PubSubTransport newTransport();

    /** A node of the adapter under test on its own transport, subscribed. */
    protected abstract TestNode newNode(PubSubTransport transport);

    /** A channel prefix unique to the running test. */
    protected abstract String key();

    /** Makes {@code transport} count as one more server of {@code /} that never answers a request. */
    protected abstract void subscribeAsAServerThatNeverAnswers(PubSubTransport transport);

    @BeforeEach
    void startNodes() {
        for (int i = 0; i < 3; i++) {
            nodes.add(newNode(newTransport()));
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(TestNode::close);
    }

    protected TestNode node(int index) {
        return nodes.get(index);
    }

    public static String event(String name, String jsonArgs) {
        return "2[\"" + name + "\"" + (jsonArgs.isEmpty() ? "" : "," + jsonArgs) + "]";
    }

    /**
     * Joins {@code client}'s socket to {@code rooms} and waits until its node may receive their broadcasts: in a
     * dynamic subscription mode the node subscribes a room channel when the room first appears, and a broadcast
     * sent before that subscription is active does not reach it (as with Node's sharded adapter).
     */
    protected void join(Client client, String... rooms) {
        client.socket().join(rooms);
        TestNode host = nodes.stream().filter(node -> node.nsp().sockets().containsKey(client.id())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node hosts " + client.id()));
        for (String room : rooms) {
            awaitRoomSubscribed(host, room);
        }
    }

    /** Waits until {@code node} receives the broadcasts of {@code room}; nothing to wait for in static mode. */
    protected void awaitRoomSubscribed(TestNode node, String room) {
    }

    protected static void awaitFrame(Client client, String frame) {
        client.client().awaitText(frame::equals);
    }

    /** Broadcasts a sentinel from {@code from} and waits until every client has it. */
    protected static void sentinel(TestNode from, Client... clients) {
        from.nsp().emit("sentinel");
        for (Client client : clients) {
            awaitFrame(client, event("sentinel", ""));
        }
    }

    protected static List<String> eventsOf(Client client) {
        return client.client().texts().stream().filter(t -> !t.equals(event("sentinel", ""))).toList();
    }

    /** Waits for the ack request of {@code event} and answers it with {@code jsonArg}. */
    public static void answer(Client client, String event, String jsonArg) {
        String frame = client.client().awaitText(t -> t.contains("[\"" + event + "\"")).stream()
                .filter(t -> t.contains("[\"" + event + "\"")).findFirst().orElseThrow();
        String id = frame.substring(1, frame.indexOf('['));
        client.client().send("3" + id + "[" + jsonArg + "]");
    }

    // ---------------------------------------------------------------- broadcasts

    @Test
    void shouldBroadcastToEverySocketOnEveryNodeOnce() {
        Client a = node(0).connect();
        Client b = node(1).connect();
        Client c = node(2).connect();

        node(0).nsp().emit("news", "hello", 1);

        for (Client client : List.of(a, b, c)) {
            awaitFrame(client, event("news", "\"hello\",1"));
        }
        sentinel(node(0), a, b, c);
        for (Client client : List.of(a, b, c)) {
            assertThat(eventsOf(client)).containsExactly(event("news", "\"hello\",1"));
        }
    }

    @Test
    void shouldBroadcastToOneRoomAcrossNodes() {
        Client inRoomHere = node(0).connect();
        Client inRoomThere = node(1).connect();
        Client outside = node(2).connect();
        join(inRoomHere, "room1");
        join(inRoomThere, "room1");

        node(0).nsp().to("room1").emit("ev", "to-room1");

        awaitFrame(inRoomHere, event("ev", "\"to-room1\""));
        awaitFrame(inRoomThere, event("ev", "\"to-room1\""));
        sentinel(node(0), inRoomHere, inRoomThere, outside);
        assertThat(eventsOf(outside)).isEmpty();
        assertThat(eventsOf(inRoomThere)).containsExactly(event("ev", "\"to-room1\""));
    }

    @Test
    void shouldDeliverOnceToASocketInSeveralRoomsAndSkipExceptRooms() {
        Client inBoth = node(1).connect();
        Client inA = node(2).connect();
        Client excluded = node(2).connect();
        Client outside = node(1).connect();
        join(inBoth, "a", "b");
        join(inA, "a");
        join(excluded, "b", "vip");

        node(0).nsp().to("a", "b").except("vip").emit("multi");

        awaitFrame(inBoth, event("multi", ""));
        awaitFrame(inA, event("multi", ""));
        sentinel(node(0), inBoth, inA, excluded, outside);
        assertThat(eventsOf(inBoth)).containsExactly(event("multi", ""));
        assertThat(eventsOf(excluded)).isEmpty();
        assertThat(eventsOf(outside)).isEmpty();
    }

    @Test
    void shouldExcludeTheSenderOfASocketBroadcastOnEveryNode() {
        Client sender = node(0).connect();
        Client other = node(1).connect();

        sender.socket().broadcast().emit("all-but-me");

        awaitFrame(other, event("all-but-me", ""));
        sentinel(node(0), sender, other);
        assertThat(eventsOf(sender)).isEmpty();
    }

    @Test
    void shouldReachOneSocketOnAnotherNodeByItsId() {
        Client target = node(2).connect();
        Client neighbour = node(2).connect();

        node(0).nsp().to(target.id()).emit("private", "psst");

        awaitFrame(target, event("private", "\"psst\""));
        sentinel(node(0), target, neighbour);
        assertThat(eventsOf(neighbour)).isEmpty();
    }

    @Test
    void shouldCarryBinaryArgumentsToOtherNodes() {
        Client remote = node(1).connect();

        node(0).nsp().emit("bin", new byte[]{1, 2, 3}, Map.of("nested", "hi".getBytes()));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(remote.client().frames()).hasSize(3));
        List<Object> frames = remote.client().frames();
        assertThat(frames.get(0)).isEqualTo("52-[\"bin\",{\"_placeholder\":true,\"num\":0},"
                + "{\"nested\":{\"_placeholder\":true,\"num\":1}}]");
        assertThat((byte[]) frames.get(1)).containsExactly(1, 2, 3);
        assertThat((byte[]) frames.get(2)).containsExactly('h', 'i');
    }

    @Test
    void shouldKeepLocalBroadcastsOnTheNode() {
        Client here = node(0).connect();
        Client there = node(1).connect();

        node(0).nsp().local().emit("local-only");

        awaitFrame(here, event("local-only", ""));
        sentinel(node(0), here, there);
        assertThat(eventsOf(there)).isEmpty();
    }

    // ---------------------------------------------------------------- broadcast with acks

    @Test
    void shouldCollectTheAckOfEveryClientOnEveryNode() throws Exception {
        Client a = node(0).connect();
        Client b = node(1).connect();
        Client c = node(2).connect();

        CompletableFuture<List<Object>> acks = node(0).nsp().timeout(Duration.ofSeconds(5)).emitWithAck("ask", "q?");

        answer(a, "ask", "\"from-a\"");
        answer(b, "ask", "\"from-b\"");
        assertThat(acks).isNotDone();
        answer(c, "ask", "{\"from\":\"c\"}");
        assertThat(acks.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder("from-a", "from-b", Map.of("from", "c"));
    }

    @Test
    void shouldFailAckBroadcastAfterTheTimeoutWithTheAcksSoFar() {
        Client answering = node(0).connect();
        Client silent = node(1).connect();

        CompletableFuture<List<Object>> acks = node(0).nsp().timeout(Duration.ofMillis(700)).emitWithAck("ask");
        answer(answering, "ask", "\"yes\"");
        silent.client().awaitText(t -> t.contains("\"ask\""));

        assertThatThrownBy(() -> acks.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AckTimeoutException.class)
                .satisfies(e -> assertThat(((AckTimeoutException) e).responses()).containsExactly("yes"));
    }

    // ---------------------------------------------------------------- fetchSockets and remote sockets

    @Test
    void shouldFetchSocketsOfEveryNodeWithTheirDetails() throws Exception {
        Client here = node(0).connect();
        Client there = node(1).connect();
        node(2).connect(); // not in the room
        join(here, "room1");
        join(there, "room1", "room3");
        there.socket().data(Map.of("user", "bob"));

        List<RemoteSocket> sockets = node(0).nsp().in("room1").fetchSockets().get(5, TimeUnit.SECONDS);

        assertThat(sockets).extracting(RemoteSocket::id).containsExactlyInAnyOrder(here.id(), there.id());
        RemoteSocket remote = sockets.stream().filter(s -> s.id().equals(there.id())).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder(there.id(), "room1", "room3");
        assertThat(remote.data()).isEqualTo(Map.of("user", "bob")); // its JSON form
        assertThat(remote.data(Map.class)).containsEntry("user", "bob");
        assertThat(remote.handshake().url()).isEqualTo(there.socket().handshake().url());
        assertThat(remote.handshake().headers()).containsEntry("host", List.of("localhost:3000"));
        assertThat(remote.handshake().address()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldCarryDataFieldsInsideTheDataOtherNodesFetch() throws Exception {
        Client there = node(1).connect();
        Client bare = node(1).connect();
        there.socket().data(Map.of("user", "bob"));
        there.socket().dataField("_admin", Map.of("clientId", "abcdefghijkl", "transport", "websocket"));
        bare.socket().dataField("_admin", Map.of("transport", "polling"));

        List<RemoteSocket> sockets = node(0).nsp().fetchSockets().get(5, TimeUnit.SECONDS);

        // as Node's instrument() leaves them in socket.data; the socket's own data() is unchanged
        assertThat(sockets.stream().filter(s -> s.id().equals(there.id())).findFirst().orElseThrow().data())
                .isEqualTo(Map.of("user", "bob", "_admin", Map.of("clientId", "abcdefghijkl",
                        "transport", "websocket")));
        assertThat(sockets.stream().filter(s -> s.id().equals(bare.id())).findFirst().orElseThrow().data())
                .isEqualTo(Map.of("_admin", Map.of("transport", "polling")));
        assertThat(there.socket().data()).isEqualTo(Map.of("user", "bob"));
    }

    @Test
    void shouldEmitJoinLeaveAndDisconnectThroughARemoteSocket() throws Exception {
        Client target = node(1).connect();
        RemoteSocket remote = node(0).nsp().fetchSockets().get(5, TimeUnit.SECONDS).stream()
                .filter(s -> s.id().equals(target.id())).findFirst().orElseThrow();

        remote.emit("hello", "you");
        awaitFrame(target, event("hello", "\"you\""));

        remote.join("vip");
        await().atMost(Duration.ofSeconds(5)).until(() -> target.socket().rooms().contains("vip"));
        remote.leave("vip");
        await().atMost(Duration.ofSeconds(5)).until(() -> !target.socket().rooms().contains("vip"));

        remote.disconnect(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !target.socket().connected());
    }

    @Test
    void shouldFailFetchSocketsWhenANodeDoesNotAnswerInTime() {
        node(1).connect();
        // a fourth "server" that never answers
        try (PubSubTransport mute = newTransport()) {
            subscribeAsAServerThatNeverAnswers(mute);

            assertThatThrownBy(() -> node(0).nsp().fetchSockets().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(ClusterRequestTimeoutException.class)
                    .hasMessage("timeout reached: 2 of 3 responses")
                    .satisfies(e -> {
                        ClusterRequestTimeoutException timeout = (ClusterRequestTimeoutException) e;
                        assertThat(timeout.operation()).isEqualTo("fetchSockets");
                        assertThat(timeout.received()).isEqualTo(2);
                        assertThat(timeout.expected()).isEqualTo(3);
                        assertThat(timeout.responses()).singleElement().isInstanceOf(RemoteSocket.class);
                    });
        }
        assertThat(node(0).observed().requestTimeouts()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- bulk operations

    @Test
    void shouldMakeSocketsOnEveryNodeJoinAndLeaveRooms() {
        Client here = node(0).connect();
        Client there = node(1).connect();
        Client notMatched = node(2).connect();
        join(here, "lobby");
        join(there, "lobby");

        node(0).nsp().in("lobby").socketsJoin("game");

        assertThat(here.socket().rooms()).contains("game");
        await().atMost(Duration.ofSeconds(5)).until(() -> there.socket().rooms().contains("game"));
        sentinel(node(0), here, there, notMatched);
        assertThat(notMatched.socket().rooms()).doesNotContain("game");

        node(2).nsp().in("game").socketsLeave("game");
        await().atMost(Duration.ofSeconds(5)).until(() -> !there.socket().rooms().contains("game")
                && !here.socket().rooms().contains("game"));
    }

    @Test
    void shouldNotAskTheRoomAuthorizerAboutJoinsOtherNodesAskFor() throws Exception {
        Client there = node(1).connect();
        node(1).nsp().authorizeJoins((socket, room) -> false);
        assertThatThrownBy(() -> there.socket().join("vip")).isInstanceOf(RoomForbiddenException.class);

        node(0).nsp().in(there.id()).socketsJoin("vip");
        RemoteSocket remote = node(0).nsp().fetchSockets().get(5, TimeUnit.SECONDS).stream()
                .filter(s -> s.id().equals(there.id())).findFirst().orElseThrow();
        remote.join("vip-2");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> there.socket().rooms().containsAll(List.of("vip", "vip-2")));
    }

    @Test
    void shouldDisconnectMatchingSocketsOnEveryNode() {
        Client here = node(0).connect();
        Client there = node(1).connect();
        Client spared = node(2).connect();
        join(spared, "spared");

        node(0).nsp().except("spared").disconnectSockets(false);

        await().atMost(Duration.ofSeconds(5)).until(() -> !here.socket().connected() && !there.socket().connected());
        sentinel(node(0), spared);
        assertThat(spared.socket().connected()).isTrue();
    }

    // ---------------------------------------------------------------- server-side emit, allRooms, serverCount

    @Test
    void shouldSendServerSideEmitToTheOtherServersOnly() {
        List<String> received = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            int index = i;
            node(i).nsp().onServerSideEmit((event, args, ack) -> received.add(index + ":" + event + args));
        }

        node(0).nsp().serverSideEmit("sse-ping", "x", 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received).containsExactlyInAnyOrder("1:sse-ping[x, 2]", "2:sse-ping[x, 2]");
    }

    @Test
    void shouldCollectOneServerSideEmitAnswerPerOtherServer() throws Exception {
        node(1).nsp().onServerSideEmit((event, args, ack) -> ack.send(Map.of("from", "B", "got", args)));
        node(2).nsp().onServerSideEmit((event, args, ack) -> {
            ack.send("C");
            ack.send("ignored second answer");
        });

        List<Object> answers = node(0).nsp().serverSideEmitWithAck("sse-ping", "y").get(5, TimeUnit.SECONDS);

        assertThat(answers).containsExactlyInAnyOrder(Map.of("from", "B", "got", List.of("y")), "C");
    }

    @Test
    void shouldFailServerSideEmitWithAckWithThePartialAnswersAfterTheTimeout() {
        node(1).nsp().onServerSideEmit((event, args, ack) -> ack.send("B"));
        node(2).nsp().onServerSideEmit((event, args, ack) -> { }); // never answers

        assertThatThrownBy(() -> node(0).nsp().serverSideEmitWithAck("sse-ping").get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(ClusterRequestTimeoutException.class)
                .hasMessage("timeout reached: 1 of 2 responses")
                .satisfies(e -> assertThat(((ClusterRequestTimeoutException) e).responses()).containsExactly("B"));
    }

    @Test
    void shouldListTheRoomsOfEveryServer() throws Exception {
        Client here = node(0).connect();
        Client there = node(2).connect();
        join(here, "room1");
        join(there, "room3");

        assertThat(node(1).adapter().allRooms().get(5, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder(here.id(), "room1", there.id(), "room3");
    }

    @Test
    void shouldCountTheServersOfTheNamespace() throws Exception {
        assertThat(node(0).adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        nodes.remove(2).close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> node(0).adapter().serverCount().get(5, TimeUnit.SECONDS) == 2);
    }
}

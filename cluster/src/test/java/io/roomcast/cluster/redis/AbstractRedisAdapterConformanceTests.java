package io.roomcast.cluster.redis;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterRequestTimeoutException;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.AckTimeoutException;
import io.roomcast.socketio.RemoteSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * Behaviour of the Redis adapter between three nodes, run once on the in-memory transport and once on a real
 * Redis. Absence is checked after a later "sentinel" broadcast from the same node arrived: pub/sub keeps one
 * publisher's order, so whatever was published before it has been handled by then.
 */
abstract class AbstractRedisAdapterConformanceTests {

    /** {@code emitter.emit("news", "all", 1)} of @socket.io/redis-emitter 5.1 on nsp {@code /} (protocol §5.1). */
    static final byte[] EMITTER_NEWS = HexFormat.of().parseHex("93a7656d697474657283a47479706502a46461746193a46e657773"
            + "a3616c6c01a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490");

    protected final List<TestNode> nodes = new ArrayList<>();

    /** A new connection to the shared bus or Redis: one per node. */
    protected abstract PubSubTransport newTransport();

    /** A channel prefix unique to the running test. */
    protected abstract String key();

    protected AdapterOptions options() {
        return AdapterOptions.defaults().withKey(key()).withRequestsTimeout(Duration.ofSeconds(2));
    }

    @BeforeEach
    void startNodes() {
        for (int i = 0; i < 3; i++) {
            nodes.add(new TestNode(newTransport(), options()));
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(TestNode::close);
    }

    TestNode node(int index) {
        return nodes.get(index);
    }

    static String event(String name, String jsonArgs) {
        return "2[\"" + name + "\"" + (jsonArgs.isEmpty() ? "" : "," + jsonArgs) + "]";
    }

    static void awaitFrame(Client client, String frame) {
        client.client().awaitText(frame::equals);
    }

    /** Broadcasts a sentinel from {@code from} and waits until every client has it. */
    static void sentinel(TestNode from, Client... clients) {
        from.nsp().emit("sentinel");
        for (Client client : clients) {
            awaitFrame(client, event("sentinel", ""));
        }
    }

    static List<String> eventsOf(Client client) {
        return client.client().texts().stream().filter(t -> !t.equals(event("sentinel", ""))).toList();
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
        inRoomHere.socket().join("room1");
        inRoomThere.socket().join("room1");

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
        inBoth.socket().join("a", "b");
        inA.socket().join("a");
        excluded.socket().join("b", "vip");

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

    @Test
    void shouldDeliverMessagesFromTheRedisEmitter() {
        Client a = node(0).connect();
        Client b = node(1).connect();
        try (PubSubTransport emitter = newTransport()) {
            emitter.publish(new ChannelNames(key(), "/").broadcast(), EMITTER_NEWS).join();
        }

        awaitFrame(a, event("news", "\"all\",1"));
        awaitFrame(b, event("news", "\"all\",1"));
    }

    @Test
    void shouldDropAndCountMalformedMessagesAndDeliverTheNextGoodOne() {
        Client client = node(1).connect();
        ChannelNames channels = new ChannelNames(key(), "/");
        try (PubSubTransport hostile = newTransport()) {
            hostile.publish(channels.broadcast(), new byte[]{(byte) 0x93, (byte) 0xc1, 0x00}).join(); // bad msgpack
            hostile.publish(channels.broadcast(), HexFormat.of().parseHex("dd7fffffff")).join(); // huge array
            hostile.publish(channels.request(), "{\"type\":5,\"requestId\":7}".getBytes()).join(); // wrong type
            hostile.publish(channels.broadcast(), EMITTER_NEWS).join();
        }

        awaitFrame(client, event("news", "\"all\",1"));
        assertThat(node(1).observed().droppedFor(DropReason.MALFORMED)).isEqualTo(3);
        assertThat(eventsOf(client)).containsExactly(event("news", "\"all\",1"));
    }

    @Test
    void shouldIgnoreBroadcastsWhosePacketNamesAnotherNamespace() {
        Client client = node(1).connect();
        byte[] otherNsp = HexFormat.of().parseHex("93a7656d697474657283a47479706502a46461746193a46e657773"
                + "a3616c6c01a36e7370a2" + "2f78" + "83a5726f6f6d7390a5666c61677380a665786365707490"); // nsp "/x"
        try (PubSubTransport emitter = newTransport()) {
            emitter.publish(new ChannelNames(key(), "/").broadcast(), otherNsp).join();
        }

        sentinel(node(0), client);
        assertThat(eventsOf(client)).isEmpty();
        assertThat(node(1).observed().droppedFor(DropReason.WRONG_NAMESPACE)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- requests as Node and the emitter send them

    /** The captured BROADCAST request of a Node node (protocol §2.6): count first, then each client's ack. */
    @Test
    void shouldAnswerANodeBroadcastWithAckWithTheClientCountThenEachAck() {
        Client client = node(1).connect();
        ChannelNames channels = new ChannelNames(key(), "/");
        List<String> responses = new CopyOnWriteArrayList<>();
        try (PubSubTransport node = newTransport()) {
            node.subscribe(channels.response(), (c, p, m) -> responses.add(HexFormat.of().formatHex(m))).join();
            node.publish(channels.request(), HexFormat.of().parseHex("85a3756964a64b4a6c546b51a9726571756573744964a670"
                    + "2d37326f4da47479706507a67061636b657483a47479706502a46461746192a361736ba2713fa36e7370a12fa46f7074"
                    + "7383a5726f6f6d7390a665786365707490a5666c61677381a774696d656f7574cd07d0")).join();

            answer(client, "ask", "\"b1:ok\"");

            String count1 = HexFormat.of().formatHex("{\"type\":8,\"requestId\":\"p-72oM\",\"clientCount\":1}".getBytes());
            String count0 = HexFormat.of().formatHex("{\"type\":8,\"requestId\":\"p-72oM\",\"clientCount\":0}".getBytes());
            String ack = "83a47479706509a9726571756573744964a6702d37326f4da67061636b6574a562313a6f6b";
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(responses)
                    .containsExactlyInAnyOrder(count1, count0, count0, ack));
            assertThat(responses.indexOf(count1)).isLessThan(responses.indexOf(ack));
        }
    }

    @Test
    void shouldAnswerANodeAllRoomsRequest() {
        Client client = node(2).connect();
        client.socket().join("room1");
        ChannelNames channels = new ChannelNames(key(), "/");
        List<String> responses = new CopyOnWriteArrayList<>();
        try (PubSubTransport node = newTransport()) {
            node.subscribe(channels.response(), (c, p, m) -> responses.add(new String(m))).join();
            node.publish(channels.request(), "{\"uid\":\"KJlTkQ\",\"requestId\":\"xgunTG\",\"type\":1}".getBytes())
                    .join();

            await().atMost(Duration.ofSeconds(5)).until(() -> responses.size() == 3);
        }
        assertThat(responses).allSatisfy(r -> assertThat(r).startsWith("{\"requestId\":\"xgunTG\",\"rooms\":["));
        assertThat(responses).anySatisfy(r -> assertThat(r).contains("\"room1\"", "\"" + client.id() + "\""));
    }

    @Test
    void shouldApplyTheEmittersSocketsJoinAndServerSideEmitOnEveryNode() {
        Client here = node(0).connect();
        Client there = node(1).connect();
        here.socket().join("room1");
        there.socket().join("room1");
        List<String> received = new CopyOnWriteArrayList<>();
        nodes.forEach(n -> n.nsp().onServerSideEmit((event, args, ack) -> received.add(event + args + !ack.requested())));
        ChannelNames channels = new ChannelNames(key(), "/");
        try (PubSubTransport emitter = newTransport()) {
            emitter.publish(channels.request(),
                    "{\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room7\"]}".getBytes()).join();
            emitter.publish(channels.request(),
                    "{\"uid\":\"emitter\",\"type\":6,\"data\":[\"sse-ping\",\"from-emitter\"]}".getBytes()).join();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> here.socket().rooms().contains("room7")
                && there.socket().rooms().contains("room7") && received.size() == 3);
        assertThat(received).containsOnly("sse-ping[from-emitter]true");
    }

    /** Requests of adapters up to 7.x (protocol §2.6): SOCKETS, and join by socket id, answered by its node only. */
    @Test
    void shouldAnswerLegacySocketsAndJoinRequests() {
        Client client = node(2).connect();
        client.socket().join("room1");
        ChannelNames channels = new ChannelNames(key(), "/");
        List<String> responses = new CopyOnWriteArrayList<>();
        try (PubSubTransport old = newTransport()) {
            old.subscribe(channels.response(), (c, p, m) -> responses.add(new String(m))).join();
            old.publish(channels.request(), ("{\"uid\":\"old\",\"requestId\":\"s1\",\"type\":0,\"rooms\":[\"room1\"]}")
                    .getBytes()).join();
            old.publish(channels.request(), ("{\"uid\":\"old\",\"requestId\":\"j1\",\"type\":2,\"sid\":\"" + client.id()
                    + "\",\"room\":\"r9\"}").getBytes()).join();

            await().atMost(Duration.ofSeconds(5)).until(() -> responses.contains("{\"requestId\":\"j1\"}"));
            sentinel(node(0), client);
        }
        assertThat(client.socket().rooms()).contains("r9");
        assertThat(responses).containsExactlyInAnyOrder("{\"requestId\":\"s1\",\"sockets\":[]}",
                "{\"requestId\":\"s1\",\"sockets\":[]}", "{\"requestId\":\"s1\",\"sockets\":[\"" + client.id() + "\"]}",
                "{\"requestId\":\"j1\"}");
    }

    /** Node allows {@code io.to(123)}: the room travels as a number and matches the local room "123". */
    @Test
    void shouldDeliverToANumericRoomFromNode() {
        Client member = node(1).connect();
        member.socket().join("123");
        io.roomcast.cluster.protocol.BroadcastMessage fromNode = new io.roomcast.cluster.protocol.BroadcastMessage(
                "KJlTkQ", new io.roomcast.socketio.protocol.Packet(io.roomcast.socketio.protocol.PacketType.EVENT, "/",
                List.of("num", 1), null),
                new io.roomcast.cluster.protocol.WireOptions(List.of(io.roomcast.cluster.protocol.Room.ofNumber(123)),
                        List.of(), null));
        try (PubSubTransport node = newTransport()) {
            node.publish(new ChannelNames(key(), "/").room("123"),
                    new io.roomcast.cluster.protocol.MessageCodec().encodeBroadcast(fromNode)).join();
        }
        awaitFrame(member, event("num", "1"));
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

    /** Waits for the ack request of {@code event} and answers it with {@code jsonArg}. */
    static void answer(Client client, String event, String jsonArg) {
        String frame = client.client().awaitText(t -> t.contains("[\"" + event + "\"")).stream()
                .filter(t -> t.contains("[\"" + event + "\"")).findFirst().orElseThrow();
        String id = frame.substring(1, frame.indexOf('['));
        client.client().send("3" + id + "[" + jsonArg + "]");
    }

    // ---------------------------------------------------------------- fetchSockets and remote sockets

    @Test
    void shouldFetchSocketsOfEveryNodeWithTheirDetails() throws Exception {
        Client here = node(0).connect();
        Client there = node(1).connect();
        node(2).connect(); // not in the room
        here.socket().join("room1");
        there.socket().join("room1", "room3");
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
        // a fourth "server" subscribed to the request channel that never answers
        try (PubSubTransport mute = newTransport()) {
            mute.subscribe(new ChannelNames(key(), "/").request(), (channel, pattern, message) -> { }).join();

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
        here.socket().join("lobby");
        there.socket().join("lobby");

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
    void shouldDisconnectMatchingSocketsOnEveryNode() {
        Client here = node(0).connect();
        Client there = node(1).connect();
        Client spared = node(2).connect();
        spared.socket().join("spared");

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
        here.socket().join("room1");
        there.socket().join("room3");

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

    @Test
    void shouldAnswerOnTheRequestersOwnChannelWhenAsked() throws Exception {
        nodes.forEach(TestNode::close);
        nodes.clear();
        AdapterOptions specific = options().withPublishOnSpecificResponseChannel(true);
        nodes.add(new TestNode(newTransport(), options()));
        nodes.add(new TestNode(newTransport(), specific));
        Client there = node(1).connect();
        List<String> commonResponses = new CopyOnWriteArrayList<>();
        try (PubSubTransport spy = newTransport()) {
            spy.subscribe(new ChannelNames(key(), "/").response(), (c, p, m) -> commonResponses.add(new String(m)))
                    .join();

            assertThat(node(0).adapter().allRooms().get(5, TimeUnit.SECONDS)).contains(there.id());
            node(0).nsp().fetchSockets().get(5, TimeUnit.SECONDS);
        }
        assertThat(commonResponses).isEmpty();
    }
}

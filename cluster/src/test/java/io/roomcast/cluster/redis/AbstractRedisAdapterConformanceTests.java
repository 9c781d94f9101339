package io.roomcast.cluster.redis;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterRequestTimeoutException;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.testing.AbstractClusterAdapterConformanceTests;
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
 * The classic Redis adapter between three nodes: the shared conformance suite plus the classic wire (Node's and the
 * emitter's messages, legacy requests, response channels), run once on the in-memory transport and once on a real
 * Redis.
 */
abstract class AbstractRedisAdapterConformanceTests extends AbstractClusterAdapterConformanceTests {

    /** {@code emitter.emit("news", "all", 1)} of @socket.io/redis-emitter 5.1 on nsp {@code /} (protocol §5.1). */
    static final byte[] EMITTER_NEWS = HexFormat.of().parseHex("93a7656d697474657283a47479706502a46461746193a46e657773"
            + "a3616c6c01a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490");

    @Override
    protected TestNode newNode(PubSubTransport transport) {
        return new TestNode(transport, options());
    }

    protected AdapterOptions options() {
        return AdapterOptions.defaults().withKey(key()).withRequestsTimeout(Duration.ofSeconds(2));
    }

    @Override
    protected void awaitRoomSubscribed(TestNode node, String room) {
        node.redisAdapter().roomSubscribed(room).join();
    }

    @Override
    protected void subscribeAsAServerThatNeverAnswers(PubSubTransport transport) {
        transport.subscribe(new ChannelNames(key(), "/").request(), (channel, pattern, message) -> { }).join();
    }

    // ---------------------------------------------------------------- broadcasts as Node and the emitter send them

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

    /**
     * Well-formed MessagePack whose packet socket.io-client could not parse (it would disconnect with "parse
     * error"): dropped and counted, while the emitter's broadcasts before and after them arrive and parse.
     */
    @Test
    void shouldDropEventPacketsClientsCannotParseAndDeliverTheBroadcastsAroundThem() throws Exception {
        Client client = node(1).connect();
        ChannelNames channels = new ChannelNames(key(), "/");
        com.fasterxml.jackson.databind.ObjectMapper msgpack =
                new com.fasterxml.jackson.databind.ObjectMapper(new org.msgpack.jackson.dataformat.MessagePackFactory());
        List<Object> bad = List.of(
                Map.of("type", 2, "data", List.of(), "nsp", "/"),                          // no event name
                Map.of("type", 2, "data", List.of(7, "x"), "nsp", "/"),                    // name is a number
                Map.of("type", 2, "data", List.of("connect"), "nsp", "/"),                 // reserved name
                Map.of("type", 3, "data", List.of("ev"), "nsp", "/"),                      // ACK, not EVENT
                Map.of("type", 5, "data", List.of("ev", Map.of("_placeholder", true, "num", 0)), "nsp", "/"),
                Map.of("type", 5, "data", List.of("ev", new byte[] {1}), "attachments", 3, "nsp", "/"));
        try (PubSubTransport hostile = newTransport()) {
            hostile.publish(channels.broadcast(), EMITTER_NEWS).join();
            for (Object packet : bad) {
                hostile.publish(channels.broadcast(), msgpack.writeValueAsBytes(List.of("evil", packet, Map.of())))
                        .join();
            }
            hostile.publish(channels.broadcast(), EMITTER_NEWS).join();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(client).size() == 2);
        sentinel(node(0), client);
        assertThat(eventsOf(client)).containsExactly(event("news", "\"all\",1"), event("news", "\"all\",1"));
        assertThat(node(1).observed().droppedFor(DropReason.MALFORMED)).isEqualTo(bad.size());
        io.roomcast.socketio.protocol.PacketDecoder parser = new io.roomcast.socketio.protocol.PacketDecoder();
        client.client().texts().forEach(parser::add); // what a client's parser would do: no parse error
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

// ---------------------------------------------------------------- response channels

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

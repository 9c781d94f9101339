package io.roomcast.cluster.sharded;

import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.testing.AbstractClusterAdapterConformanceTests;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.PubSubTransport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sharded adapter between three nodes: the shared conformance suite (dynamic mode, Node's default) plus its
 * wire: the captured messages of Node's {@code createShardedAdapter} 8.3.0 (protocol §4.4), the room channels it
 * subscribes per mode, where it publishes, and malformed input. Run on the in-memory transport and on a real Redis 7.
 */
abstract class AbstractShardedAdapterConformanceTests extends AbstractClusterAdapterConformanceTests {

    /** The captured emitRoom of a Node node ({@code socket.io#/#room1#}). */
    static final String NODE_TO_ROOM1 = "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ev\",\"to-room1\"]},"
            + "\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}},\"uid\":\"4fc7427241fd1509\",\"nsp\":\"/\"}";
    /** The captured binary broadcast of a Node node, MessagePack ({@code socket.io#/#}). */
    static final String NODE_BINARY_HEX = "84a47479706503a46461746182a67061636b657482a47479706502a46461746193a362696e"
            + "c40301020381a66e6573746564c4026869a46f70747383a5726f6f6d7390a665786365707490a5666c61677380a3756964b03466"
            + "6337343237323431666431353039a36e7370a12f";

    protected SubscriptionMode mode() {
        return SubscriptionMode.DYNAMIC;
    }

    protected ShardedAdapterOptions options() {
        return ShardedAdapterOptions.defaults().withChannelPrefix(key()).withSubscriptionMode(mode())
                .withRequestsTimeout(Duration.ofSeconds(2));
    }

    @Override
    protected TestNode newNode(PubSubTransport transport) {
        return newNode(transport, options());
    }

    protected TestNode newNode(PubSubTransport transport, ShardedAdapterOptions options) {
        return new TestNode(transport, new ShardedRedisAdapterFactory(transport, options));
    }

    protected ShardedChannels channels() {
        return new ShardedChannels(key(), "/", mode());
    }

    @Override
    protected void subscribeAsAServerThatNeverAnswers(PubSubTransport transport) {
        transport.sharded().subscribe(channels().main(), (channel, pattern, message) -> { }).join();
    }

    @Override
    protected void awaitRoomSubscribed(TestNode node, String room) {
        sharded(node).roomSubscribed(room).join();
    }

    ShardedRedisAdapter sharded(TestNode node) {
        return (ShardedRedisAdapter) node.adapter();
    }

    long shardSubscribers(String channel) {
        try (PubSubTransport probe = newTransport()) {
            return probe.sharded().numsub(channel).join();
        }
    }

    // ---------------------------------------------------------------- Node's messages

    @Test
    void shouldDeliverNodesCapturedRoomBroadcastAndBinaryBroadcast() {
        Client member = node(1).connect();
        member.socket().join("room1");
        sharded(node(1)).roomSubscribed("room1").join();
        byte[] toRoom = NODE_TO_ROOM1.getBytes(StandardCharsets.UTF_8);
        try (PubSubTransport nodeJs = newTransport()) {
            nodeJs.sharded().publish(channels().room("room1"), toRoom).join();
            nodeJs.sharded().publish(channels().main(), java.util.HexFormat.of().parseHex(NODE_BINARY_HEX)).join();
        }

        awaitFrame(member, event("ev", "\"to-room1\""));
        member.client().awaitText(t -> t.startsWith("52-[\"bin\""));
    }

    @Test
    void shouldDropAndCountGarbageAndDeliverTheNextGoodMessage() {
        Client client = node(1).connect();
        try (PubSubTransport hostile = newTransport()) {
            PubSubTransport shard = hostile.sharded();
            shard.publish(channels().main(), "{not json".getBytes()).join();
            shard.publish(channels().main(), new byte[] {(byte) 0x93, (byte) 0xc1, 0x00}).join();
            shard.publish(channels().main(), "{\"type\":3,\"data\":7,\"uid\":\"x\",\"nsp\":\"/\"}".getBytes()).join();
            shard.publish(channels().main(), java.util.HexFormat.of().parseHex(NODE_BINARY_HEX)).join();
        }

        client.client().awaitText(t -> t.startsWith("52-[\"bin\""));
        assertThat(node(1).observed().droppedFor(DropReason.MALFORMED)).isEqualTo(3);
    }

    /** Envelopes whose packet socket.io-client could not parse: dropped, counted; the messages around them arrive. */
    @Test
    void shouldDropEventPacketsClientsCannotParseAndDeliverTheMessagesAroundThem() {
        Client client = node(1).connect();
        String good = "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ev\",\"ok\"]},"
                + "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"uid\":\"x\",\"nsp\":\"/\"}";
        List<String> badPackets = List.of("{\"type\":2,\"data\":[]}", "{\"type\":2,\"data\":[1]}",
                "{\"type\":2,\"data\":[\"disconnect\"]}", "{\"type\":4,\"data\":[\"ev\"]}",
                "{\"type\":5,\"attachments\":1,\"data\":[\"ev\",{\"_placeholder\":true,\"num\":0}]}");
        try (PubSubTransport hostile = newTransport()) {
            PubSubTransport shard = hostile.sharded();
            shard.publish(channels().main(), good.getBytes(StandardCharsets.UTF_8)).join();
            for (String packet : badPackets) {
                shard.publish(channels().main(), good.replace("{\"type\":2,\"data\":[\"ev\",\"ok\"]}", packet)
                        .getBytes(StandardCharsets.UTF_8)).join();
            }
            shard.publish(channels().main(), good.getBytes(StandardCharsets.UTF_8)).join();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(client).size() == 2);
        sentinel(node(0), client);
        assertThat(eventsOf(client)).containsExactly(event("ev", "\"ok\""), event("ev", "\"ok\""));
        assertThat(node(1).observed().droppedFor(DropReason.MALFORMED)).isEqualTo(badPackets.size());
        io.roomcast.socketio.protocol.PacketDecoder parser = new io.roomcast.socketio.protocol.PacketDecoder();
        client.client().texts().forEach(parser::add);
    }

    @Test
    void shouldIgnoreMessagesOfAnotherNamespace() {
        Client client = node(1).connect();
        try (PubSubTransport nodeJs = newTransport()) {
            nodeJs.sharded().publish(channels().main(), NODE_TO_ROOM1.replace("\"rooms\":[\"room1\"]", "\"rooms\":[]")
                    .replace("\"nsp\":\"/\"", "\"nsp\":\"/admin\"").getBytes(StandardCharsets.UTF_8)).join();
        }

        sentinel(node(0), client);
        assertThat(eventsOf(client)).isEmpty();
        assertThat(node(1).observed().droppedFor(DropReason.WRONG_NAMESPACE)).isEqualTo(1);
    }

    @Test
    void shouldAnswerANodeBroadcastWithAckOnItsResponseChannel() {
        Client client = node(1).connect();
        List<String> responses = new CopyOnWriteArrayList<>();
        try (PubSubTransport nodeJs = newTransport()) {
            nodeJs.sharded().subscribe(channels().response("4fc7427241fd1509"),
                    (c, p, m) -> responses.add(new String(m, StandardCharsets.UTF_8))).join();
            nodeJs.sharded().publish(channels().main(), ("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":"
                    + "[\"ask\",\"q?\"]},\"requestId\":\"2f78a174c54900d3\",\"opts\":{\"rooms\":[],\"except\":[],"
                    + "\"flags\":{\"timeout\":2000}}},\"uid\":\"4fc7427241fd1509\",\"nsp\":\"/\"}")
                    .getBytes(StandardCharsets.UTF_8)).join();

            answer(client, "ask", "\"b1:ok\"");

            await().atMost(Duration.ofSeconds(5)).until(() -> responses.size() == 4);
        }
        String count1 = "{\"type\":11,\"data\":{\"requestId\":\"2f78a174c54900d3\",\"clientCount\":1},\"uid\":\""
                + node(1).adapter().uid() + "\",\"nsp\":\"/\"}";
        String ack = "{\"type\":12,\"data\":{\"requestId\":\"2f78a174c54900d3\",\"packet\":\"b1:ok\"},\"uid\":\""
                + node(1).adapter().uid() + "\",\"nsp\":\"/\"}";
        assertThat(responses).contains(count1, ack);
        assertThat(responses.indexOf(count1)).isLessThan(responses.indexOf(ack));
    }

    @Test
    void shouldDeclineConnectionStateRecoveryAsNode() {
        assertThat(node(0).adapter().supportsConnectionStateRecovery()).isFalse();
    }

    // ---------------------------------------------------------------- channels per subscription mode

    @Test
    void shouldSubscribeARoomChannelWhileTheRoomHasALocalMember() {
        Client a = node(0).connect();
        Client b = node(0).connect();
        String room = channels().room("lobby");
        assertThat(shardSubscribers(room)).isZero();

        a.socket().join("lobby");
        b.socket().join("lobby");
        sharded(node(0)).roomSubscribed("lobby").join();
        assertThat(shardSubscribers(room)).isEqualTo(1);

        a.socket().leave("lobby");
        assertThat(shardSubscribers(room)).isEqualTo(1);
        b.socket().leave("lobby");
        await().atMost(Duration.ofSeconds(5)).until(() -> shardSubscribers(room) == 0);
    }

    @Test
    void shouldSubscribeTheRoomsAnotherNodesSocketsJoinGaveThisNode() {
        Client there = node(1).connect();
        there.socket().join("lobby");

        node(0).nsp().in("lobby").socketsJoin("game");

        await().atMost(Duration.ofSeconds(5)).until(() -> shardSubscribers(channels().room("game")) == 1);
        node(0).nsp().in("game").socketsLeave("game");
        await().atMost(Duration.ofSeconds(5)).until(() -> shardSubscribers(channels().room("game")) == 0);
    }

    @Test
    void shouldGiveSocketIdRoomsNoChannelInDynamicMode() {
        Client client = node(0).connect();
        assertThat(shardSubscribers(channels().room(client.id()))).isZero();
    }

    @Test
    void shouldNotHearARoomsBroadcastsOnANodeWithoutMember() {
        Client member = node(1).connect();
        Client bystander = node(2).connect();
        member.socket().join("room1");
        sharded(node(1)).roomSubscribed("room1").join();
        long before = node(2).observed().received();

        node(0).nsp().to("room1").emit("ev", "to-room1");

        awaitFrame(member, event("ev", "\"to-room1\""));
        sentinel(node(0), member, bystander);
        assertThat(node(2).observed().received() - before).as("messages node 2 received").isEqualTo(1); // sentinel
        assertThat(eventsOf(bystander)).isEmpty();
    }

    @Test
    void shouldPublishWhereNodeDoesInEachMode() {
        for (SubscriptionMode mode : SubscriptionMode.values()) {
            ShardedChannels channels = new ShardedChannels(key(), "/", mode);
            assertThat(channels.broadcast(List.of(io.roomcast.cluster.protocol.Room.of("room1")), false))
                    .as("%s room", mode).isEqualTo(mode == SubscriptionMode.STATIC ? channels.main()
                            : key() + "#/#room1#");
            assertThat(channels.broadcast(List.of(io.roomcast.cluster.protocol.Room.of("nClnREPDWsg4qohxAAAA")), false))
                    .as("%s socket id", mode).isEqualTo(mode == SubscriptionMode.DYNAMIC_PRIVATE
                            ? key() + "#/#nClnREPDWsg4qohxAAAA#" : channels.main());
            assertThat(channels.broadcast(List.of(io.roomcast.cluster.protocol.Room.of("room1")), true))
                    .as("%s with ack", mode).isEqualTo(channels.main());
            assertThat(channels.broadcast(List.of(io.roomcast.cluster.protocol.Room.of("a"),
                    io.roomcast.cluster.protocol.Room.of("b")), false)).isEqualTo(channels.main());
        }
    }

    @Test
    void shouldReachASocketByIdAndAPrivateRoomInEveryMode() {
        for (SubscriptionMode mode : List.of(SubscriptionMode.STATIC, SubscriptionMode.DYNAMIC_PRIVATE)) {
            try (TestNode here = newNode(newTransport(), options().withChannelPrefix(key() + "-" + mode.wireName())
                    .withSubscriptionMode(mode));
                 TestNode there = newNode(newTransport(), options().withChannelPrefix(key() + "-" + mode.wireName())
                         .withSubscriptionMode(mode))) {
                Client target = there.connect();
                target.socket().join("room1");
                ShardedChannels channels = new ShardedChannels(key() + "-" + mode.wireName(), "/", mode);
                long expected = mode == SubscriptionMode.DYNAMIC_PRIVATE ? 1 : 0;
                await().atMost(Duration.ofSeconds(5)).until(() -> shardSubscribers(channels.room(target.id()))
                        == expected && shardSubscribers(channels.room("room1")) == expected);

                here.nsp().to(target.id()).emit("private", mode.wireName());
                here.nsp().to("room1").emit("room", mode.wireName());

                awaitFrame(target, event("private", "\"" + mode.wireName() + "\""));
                awaitFrame(target, event("room", "\"" + mode.wireName() + "\""));
            }
        }
    }
}

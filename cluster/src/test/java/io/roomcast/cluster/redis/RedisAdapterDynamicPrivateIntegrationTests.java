package io.roomcast.cluster.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.ConnectionListener;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.MessageListener;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.Subscription;
import io.roomcast.cluster.transport.TransportStats;
import io.roomcast.socketio.RemoteSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.roomcast.cluster.testing.AbstractClusterAdapterConformanceTests.answer;
import static io.roomcast.cluster.testing.AbstractClusterAdapterConformanceTests.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user of {@link SubscriptionMode#DYNAMIC_PRIVATE} gets on a real Redis: six nodes, a 1:1 room whose two
 * members are on two of them. A broadcast to the room is sent by Redis to those two nodes only (PUBLISH answers 2,
 * against 6 in the static mode) and still reaches both members; every other operation works as in the static mode.
 */
@Tag("integration")
class RedisAdapterDynamicPrivateIntegrationTests {

    private static final int NODES = 6;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.any();

    private final List<TestNode> nodes = new ArrayList<>();
    /** What each node's PUBLISH of a broadcast returned (how many subscribers Redis sent it to), by channel. */
    private final List<Map<String, List<Long>>> publishCounts = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(TestNode::close);
    }

    private void startNodes(SubscriptionMode mode) {
        AdapterOptions options = AdapterOptions.defaults().withKey(redis.keyPrefix())
                .withRequestsTimeout(Duration.ofSeconds(3)).withSubscriptionMode(mode);
        for (int i = 0; i < NODES; i++) {
            Map<String, List<Long>> counts = new ConcurrentHashMap<>();
            publishCounts.add(counts);
            nodes.add(new TestNode(new CountingTransport(LettuceTransport.connect(redis.uri()), counts), options));
        }
    }

    private TestNode node(int index) {
        return nodes.get(index);
    }

    private ChannelNames channels() {
        return new ChannelNames(redis.keyPrefix(), "/");
    }

    /** A client of node {@code index} whose own id room this node already receives (DYNAMIC_PRIVATE: its channel). */
    private Client connect(int index) {
        Client client = node(index).connect();
        awaitRoomChannel(index, client.id());
        return client;
    }

    private void awaitRoomChannel(int index, String room) {
        await().atMost(WAIT).until(() -> node(index).adapter().hasRoom(room));
        node(index).redisAdapter().roomSubscribed(room).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static void awaitFrame(Client client, String frame) {
        client.client().awaitText(frame::equals);
    }

    /** The 1:1 chat: alice on node 1, bob on node 4, one more socket on every node; returns the room. */
    private List<Client> oneToOneChat() {
        List<Client> everyone = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            everyone.add(connect(i));
        }
        Client alice = everyone.get(1);
        Client bob = everyone.get(4);
        alice.socket().join("dm:alice:bob");
        bob.socket().join("dm:alice:bob");
        awaitRoomChannel(1, "dm:alice:bob");
        awaitRoomChannel(4, "dm:alice:bob");
        return everyone;
    }

    /**
     * Sends one message to the 1:1 room from alice's node, then a sentinel to everyone from the same node (one
     * publisher's order is kept, so once the sentinel is everywhere the message has been wherever it went); returns
     * what Redis answered to the room message's PUBLISH and how many nodes received it.
     */
    private long[] sendToTheRoomAndCount(List<Client> everyone) {
        long[] before = nodes.stream().mapToLong(node -> node.observed().received()).toArray();

        node(1).nsp().to("dm:alice:bob").emit("msg", "hi bob");

        awaitFrame(everyone.get(1), event("msg", "\"hi bob\""));
        awaitFrame(everyone.get(4), event("msg", "\"hi bob\""));
        node(1).nsp().emit("sentinel");
        everyone.forEach(client -> awaitFrame(client, event("sentinel", "")));
        await().atMost(WAIT).until(() -> IntStream.range(0, NODES)
                .allMatch(i -> node(i).observed().received() > before[i])); // the sentinel's echo too
        long receivingNodes = IntStream.range(0, NODES)
                .filter(i -> node(i).observed().received() - before[i] == 2) // the room message and the sentinel
                .count();
        for (int i = 0; i < NODES; i++) {
            if (i != 1 && i != 4) {
                assertThat(everyone.get(i).client().texts()).doesNotContain(event("msg", "\"hi bob\""));
            }
        }
        return new long[]{publishReply(1, channels().room("dm:alice:bob")), receivingNodes};
    }

    /** The reply to the only PUBLISH node {@code index} made on {@code channel} (it may come after delivery). */
    private long publishReply(int index, String channel) {
        await().atMost(WAIT).until(() -> publishCounts.get(index).containsKey(channel));
        List<Long> replies = publishCounts.get(index).get(channel);
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }

    @Test
    void shouldSendARoomBroadcastOnlyToTheTwoNodesHostingTheRoom() {
        startNodes(SubscriptionMode.DYNAMIC_PRIVATE);
        List<Client> everyone = oneToOneChat();

        long[] counts = sendToTheRoomAndCount(everyone);

        assertThat(counts[0]).as("PUBLISH reply: subscribers Redis sent the room message to").isEqualTo(2);
        assertThat(counts[1]).as("nodes that received the room message").isEqualTo(2);
    }

    @Test
    void shouldSendARoomBroadcastToEveryNodeInTheStaticMode() {
        startNodes(SubscriptionMode.STATIC);
        List<Client> everyone = oneToOneChat();

        long[] counts = sendToTheRoomAndCount(everyone);

        assertThat(counts[0]).as("PUBLISH reply: subscribers Redis sent the room message to").isEqualTo(NODES);
        assertThat(counts[1]).as("nodes that received the room message").isEqualTo(NODES);
    }

    @Test
    void shouldKeepEveryOtherOperationWorking() throws Exception {
        startNodes(SubscriptionMode.DYNAMIC_PRIVATE);
        List<Client> everyone = oneToOneChat();
        Client alice = everyone.get(1);
        Client bob = everyone.get(4);

        // server count: NUMSUB of the request channel, unchanged
        assertThat(node(0).adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(NODES);

        // to(socketId) from a node without the socket: on bob's id room channel, which only bob's node subscribes
        node(0).nsp().to(bob.id()).emit("private", "psst");
        awaitFrame(bob, event("private", "\"psst\""));
        assertThat(publishReply(0, channels().room(bob.id()))).isEqualTo(1);

        // socketsJoin from another node: alice's node subscribes the new room when the join arrives
        node(2).nsp().in(alice.id()).socketsJoin("group");
        awaitRoomChannel(1, "group");
        node(3).nsp().to("group").emit("group-msg");
        awaitFrame(alice, event("group-msg", ""));
        assertThat(publishReply(3, channels().room("group"))).isEqualTo(1);

        // broadcast with acks to the room: a request, so every node counts its clients (0 on four of them)
        CompletableFuture<List<Object>> acks = node(0).nsp().to("dm:alice:bob").timeout(Duration.ofSeconds(5))
                .emitWithAck("ask", "q?");
        answer(alice, "ask", "\"from-alice\"");
        answer(bob, "ask", "\"from-bob\"");
        assertThat(acks.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder("from-alice", "from-bob");

        // fetchSockets and a remote socket's emit (Node publishes that one on the socket's id room channel too)
        List<RemoteSocket> members = node(5).nsp().in("dm:alice:bob").fetchSockets().get(5, TimeUnit.SECONDS);
        assertThat(members).extracting(RemoteSocket::id).containsExactlyInAnyOrder(alice.id(), bob.id());
        members.stream().filter(s -> s.id().equals(alice.id())).findFirst().orElseThrow().emit("remote", "hey");
        awaitFrame(alice, event("remote", "\"hey\""));

        // serverSideEmit with ack: one answer per other server
        for (int i = 1; i < NODES; i++) {
            int index = i;
            node(i).nsp().onServerSideEmit((ev, args, ack) -> ack.send("n" + index));
        }
        assertThat(node(0).nsp().serverSideEmitWithAck("sse-ping").get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("n1", "n2", "n3", "n4", "n5");

        // the room's channel goes when its last local member leaves; a socket's goes when it disconnects
        bob.socket().leave("dm:alice:bob");
        bob.socket().disconnect(false);
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            await().atMost(WAIT).until(() -> connection.sync().pubsubNumsub(channels().room("dm:alice:bob"),
                    channels().room(bob.id())).values().stream().toList().equals(List.of(1L, 0L)));
            assertThat(connection.sync().pubsubNumsub(channels().broadcast()).get(channels().broadcast()))
                    .isEqualTo(NODES);
        }
    }

    /** A transport that records what each PUBLISH of a broadcast returned. */
    private record CountingTransport(PubSubTransport delegate, Map<String, List<Long>> counts)
            implements PubSubTransport {

        @Override
        public CompletableFuture<Long> publish(String channel, byte[] message) {
            return delegate.publish(channel, message).thenApply(receivers -> {
                counts.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(receivers);
                return receivers;
            });
        }

        @Override
        public CompletableFuture<Subscription> subscribe(String channel, MessageListener listener) {
            return delegate.subscribe(channel, listener);
        }

        @Override
        public CompletableFuture<Subscription> psubscribe(String pattern, MessageListener listener) {
            return delegate.psubscribe(pattern, listener);
        }

        @Override
        public CompletableFuture<Long> numsub(String channel) {
            return delegate.numsub(channel);
        }

        @Override
        public PubSubTransport sharded() {
            return delegate.sharded();
        }

        @Override
        public void addConnectionListener(ConnectionListener listener) {
            delegate.addConnectionListener(listener);
        }

        @Override
        public boolean isConnected() {
            return delegate.isConnected();
        }

        @Override
        public TransportStats stats() {
            return delegate.stats();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

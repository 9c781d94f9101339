package io.roomcast.cluster.redis;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.protocol.BroadcastMessage;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.protocol.MessageCodec;
import io.roomcast.cluster.protocol.Room;
import io.roomcast.cluster.protocol.WireOptions;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.InMemoryBus;
import io.roomcast.cluster.transport.InMemoryTransport;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The conformance suite with {@link SubscriptionMode#DYNAMIC_PRIVATE} on the in-memory transport (every behaviour
 * of the static mode must hold), plus the channels the mode subscribes and what a Node publisher in its default mode
 * sends to them.
 */
class RedisAdapterDynamicPrivateTests extends AbstractRedisAdapterConformanceTests {

    private final InMemoryBus bus = new InMemoryBus();
    private final MessageCodec codec = new MessageCodec();

    @Override
    protected PubSubTransport newTransport() {
        return new InMemoryTransport(bus);
    }

    @Override
    protected String key() {
        return "socket.io";
    }

    @Override
    protected AdapterOptions options() {
        return super.options().withSubscriptionMode(SubscriptionMode.DYNAMIC_PRIVATE);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    /** PUBSUB NUMSUB as Redis answers it, from a connection of its own that subscribes nothing. */
    private long numsub(String channel) {
        try (PubSubTransport probe = newTransport()) {
            return probe.numsub(channel).join();
        }
    }

    private ChannelNames channels() {
        return new ChannelNames(key(), "/");
    }

    /** What Node's classic adapter publishes for {@code io.to(room).emit(event)} (one room: the room's channel). */
    private long publishAsNode(String room, String event) {
        BroadcastMessage fromNode = new BroadcastMessage("KJlTkQ", new Packet(PacketType.EVENT, "/", List.of(event),
                null), new WireOptions(List.of(Room.of(room)), List.of(), null));
        try (PubSubTransport node = newTransport()) {
            return node.publish(channels().room(room), codec.encodeBroadcast(fromNode)).join();
        }
    }

    @Test
    void shouldSubscribeARoomChannelWhileTheRoomHasALocalMember() {
        String channel = channels().room("chat");
        Client first = node(0).connect();
        Client second = node(0).connect();
        assertThat(numsub(channel)).isZero();

        first.socket().join("chat");
        assertThat(numsub(channel)).isEqualTo(1);
        second.socket().join("chat");
        assertThat(numsub(channel)).isEqualTo(1);
        first.socket().leave("chat");
        assertThat(numsub(channel)).isEqualTo(1);
        assertThat(node(0).redisAdapter().roomSubscribed("chat")).isCompleted();

        second.socket().disconnect(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> numsub(channel) == 0);
        assertThat(node(0).redisAdapter().roomChannels()).containsExactly(first.id());
        assertThat(node(0).redisAdapter().roomSubscribed("chat")).isCompletedExceptionally();
    }

    @Test
    void shouldSubscribeEachSocketsOwnIdRoomUntilItDisconnects() {
        Client socket = node(1).connect();
        String channel = channels().room(socket.id());
        assertThat(numsub(channel)).isEqualTo(1);

        socket.socket().disconnect(false);

        await().atMost(Duration.ofSeconds(5)).until(() -> numsub(channel) == 0);
        assertThat(node(1).redisAdapter().roomChannels()).isEmpty();
    }

    @Test
    void shouldSubscribeTheNamespaceChannelInsteadOfThePattern() {
        assertThat(numsub(channels().broadcast())).isEqualTo(3);
        // the request channel keeps counting the servers
        assertThat(numsub(channels().request())).isEqualTo(3);
        assertThat(node(0).adapter().serverCount().join()).isEqualTo(3);
    }

    @Test
    void shouldHaveABroadcastToOneRoomDeliveredByRedisOnlyToTheNodesHostingIt() {
        Client alice = node(0).connect();
        Client bob = node(2).connect();
        Client elsewhere = node(1).connect();
        alice.socket().join("dm:alice:bob");
        bob.socket().join("dm:alice:bob");

        assertThat(publishAsNode("dm:alice:bob", "hi")).isEqualTo(2);

        awaitFrame(alice, event("hi", ""));
        awaitFrame(bob, event("hi", ""));
        bus.drain();
        assertThat(node(1).observed().received()).isZero(); // Redis never sent it there
        sentinel(node(1), alice, bob, elsewhere);
        assertThat(eventsOf(elsewhere)).isEmpty();
    }

    @Test
    void shouldReceiveANodePublishersToSocketIdOnTheSocketsRoomChannel() {
        Client target = node(2).connect();
        Client neighbour = node(2).connect();

        // Node 8.3 publishes io.to(socketId) and remoteSocket.emit on key#nsp#<socketId>#, not on key#nsp#
        assertThat(publishAsNode(target.id(), "private")).isEqualTo(1);

        awaitFrame(target, event("private", ""));
        sentinel(node(0), target, neighbour);
        assertThat(eventsOf(neighbour)).isEmpty();
    }

    @Test
    void shouldEndWithTheChannelOfRoomsJoinedAndLeftConcurrently() throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(node(0).connect());
        }
        CyclicBarrier start = new CyclicBarrier(clients.size());
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (Client client : clients) {
            runs.add(CompletableFuture.runAsync(() -> {
                awaitAll(start);
                for (int i = 0; i < 500; i++) {
                    client.socket().join("hot");
                    client.socket().leave("hot");
                }
            }));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(node(0).adapter().hasRoom("hot")).isFalse();
        assertThat(numsub(channels().room("hot"))).isZero();

        clients.get(0).socket().join("hot");
        assertThat(numsub(channels().room("hot"))).isEqualTo(1);
        assertThat(publishAsNode("hot", "after")).isEqualTo(1);
        awaitFrame(clients.get(0), event("after", ""));
    }

    @Test
    void shouldUnsubscribeEveryRoomChannelOnClose() {
        Client socket = node(0).connect();
        socket.socket().join("a", "b");
        assertThat(numsub(channels().room("a"))).isEqualTo(1);

        nodes.remove(0).close();

        assertThat(numsub(channels().room("a"))).isZero();
        assertThat(numsub(channels().room("b"))).isZero();
        assertThat(numsub(channels().room(socket.id()))).isZero();
    }

    @Test
    void shouldRefuseTheDynamicModeWithTheReason() {
        AdapterOptions dynamic = options().withSubscriptionMode(SubscriptionMode.DYNAMIC);
        try (PubSubTransport transport = newTransport()) {
            assertThatThrownBy(() -> new TestNode(transport, dynamic))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subscriptionMode dynamic is not supported by the classic adapter")
                    .hasMessageContaining("key#nsp#<socketId>#")
                    .hasMessageContaining("dynamic-private");
        }
    }

    private static void awaitAll(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

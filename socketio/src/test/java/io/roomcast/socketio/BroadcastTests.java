package io.roomcast.socketio;

import io.roomcast.socketio.adapter.BroadcastFlags;
import io.roomcast.socketio.adapter.BroadcastOptions;
import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.engine.DisconnectReason;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BroadcastTests {

    private final DefaultEventExecutor loopA = new DefaultEventExecutor();
    private final DefaultEventExecutor loopB = new DefaultEventExecutor();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults());
    private final Namespace main = server.sockets();

    @AfterEach
    void stopLoops() {
        loopA.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        loopB.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A connected client on one of two loops (broadcast state is shared across event loops). */
    private Connected connect(int index) {
        TestClient client = new TestClient(server, index % 2 == 0 ? loopA : loopB);
        client.send("0");
        Socket socket = main.sockets().get(client.sid("/"));
        client.session().clearSent();
        return new Connected(client, socket);
    }

    private record Connected(TestClient client, Socket socket) {
        List<String> texts() {
            return client.texts();
        }
    }

    @Test
    void shouldSendToUnionOfRoomsOncePerSocketExceptExcludedRooms() {
        Connected inBoth = connect(0);
        Connected inA = connect(1);
        Connected inB = connect(2);
        Connected outside = connect(3);
        Connected excluded = connect(4);
        inBoth.socket().join("a", "b");
        inA.socket().join("a");
        inB.socket().join("b");
        excluded.socket().join("a", "vip");

        main.to("a").to("b").except("vip").emit("news", 1);

        assertThat(inBoth.texts()).containsExactly("2[\"news\",1]");
        assertThat(inA.texts()).containsExactly("2[\"news\",1]");
        assertThat(inB.texts()).containsExactly("2[\"news\",1]");
        assertThat(outside.texts()).isEmpty();
        assertThat(excluded.texts()).isEmpty();
    }

    @Test
    void shouldWriteTheSameEncodedFramesToEverySocket() {
        Connected first = connect(0);
        Connected second = connect(1);

        main.emit("blob", new byte[]{1, 2, 3});

        List<Object> a = first.client().frames();
        List<Object> b = second.client().frames();
        assertThat(a).hasSize(2);
        assertThat(a.get(0)).isEqualTo("51-[\"blob\",{\"_placeholder\":true,\"num\":0}]").isSameAs(b.get(0));
        assertThat(a.get(1)).isSameAs(b.get(1));
        assertThat(first.client().session().offLoopSends()).isEmpty();
        assertThat(second.client().session().offLoopSends()).isEmpty();
    }

    @Test
    void shouldLetAdapterSubclassesSeeBroadcastsAndStillDeliverLocally() {
        List<BroadcastOptions> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        SocketIoServer clustered = new SocketIoServer(SocketIoOptions.defaults().withAdapter(context -> new Adapter(context) {
            @Override
            public void broadcast(Packet packet, BroadcastOptions opts) {
                seen.add(opts); // a cluster adapter would publish here
                super.broadcast(packet, opts);
            }

            @Override
            public CompletableFuture<Integer> serverCount() {
                return CompletableFuture.completedFuture(3);
            }
        }));
        TestClient client = new TestClient(clustered, loopA);
        client.send("0");
        client.sid("/");
        client.session().clearSent();

        clustered.sockets().to("lobby").except("banned").emit("x");
        clustered.sockets().emit("y");

        assertThat(seen).extracting(BroadcastOptions::rooms).containsExactly(Set.of("lobby"), Set.of());
        assertThat(seen.get(0).except()).containsExactly("banned");
        assertThat(client.texts()).containsExactly("2[\"y\"]");
        CompletableFuture<List<Object>> acks = clustered.sockets().timeout(Duration.ofMillis(50)).emitWithAck("z");
        assertThatThrownBy(() -> acks.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AckTimeoutException.class);
    }

    @Test
    void shouldExcludeTheSenderOnSocketBroadcast() {
        Connected sender = connect(0);
        Connected other = connect(1);
        Connected roommate = connect(2);
        sender.socket().join("room");
        roommate.socket().join("room");

        sender.socket().broadcast().emit("all-but-me");
        sender.socket().to("room").emit("room-but-me");

        assertThat(sender.texts()).isEmpty();
        assertThat(other.texts()).containsExactly("2[\"all-but-me\"]");
        assertThat(roommate.texts()).containsExactly("2[\"all-but-me\"]", "2[\"room-but-me\"]");
    }

    @Test
    void shouldReachASocketThroughTheRoomNamedAfterItsId() {
        Connected target = connect(0);
        Connected other = connect(1);

        main.to(target.socket().id()).emit("private");

        assertThat(target.texts()).containsExactly("2[\"private\"]");
        assertThat(other.texts()).isEmpty();
    }

    @Test
    void shouldSkipNonWritableSocketsOnVolatileBroadcast() {
        Connected slow = connect(0);
        Connected fast = connect(1);
        slow.client().session().writable(false);

        main.volatile_().emit("tick");
        main.emit("important");

        assertThat(slow.texts()).containsExactly("2[\"important\"]");
        assertThat(fast.texts()).containsExactly("2[\"tick\"]", "2[\"important\"]");
    }

    @Test
    void shouldCarryFlagsInTheBroadcastOptions() {
        BroadcastOptions options = main.to("r").except("x").local().compress(false).volatile_()
                .timeout(Duration.ofSeconds(2)).options();

        assertThat(options.rooms()).containsExactly("r");
        assertThat(options.except()).containsExactly("x");
        assertThat(options.flags()).isEqualTo(new BroadcastFlags(true, true, false, 2000L));
        assertThat(main.to("r").options().flags()).isEqualTo(BroadcastFlags.DEFAULT);
    }

    @Test
    void shouldCollectOneAckPerClient() throws Exception {
        Connected first = connect(0);
        Connected second = connect(1);

        CompletableFuture<List<Object>> acks = main.timeout(Duration.ofSeconds(5)).emitWithAck("poll", "q");
        String sent = first.client().awaitText(t -> t.contains("poll")).get(0);
        String id = sent.substring(1, sent.indexOf('['));
        assertThat(second.texts()).containsExactly(sent);
        first.client().send("3" + id + "[\"yes\"]");
        assertThat(acks).isNotDone();
        second.client().send("3" + id + "[\"no\",\"ignored extra\"]");

        assertThat(acks.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder("yes", "no");
    }

    @Test
    void shouldCompleteAckBroadcastToNobodyAtOnce() throws Exception {
        assertThat(main.to("empty").timeout(Duration.ofSeconds(5)).emitWithAck("poll").get(5, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void shouldFailAckBroadcastWithTheResponsesSoFarOnTimeout() {
        Connected answering = connect(0);
        connect(1);

        CompletableFuture<List<Object>> acks = main.timeout(Duration.ofMillis(100)).emitWithAck("poll");
        String sent = answering.client().awaitText(t -> t.contains("poll")).get(0);
        answering.client().send("3" + sent.substring(1, sent.indexOf('[')) + "[1]");

        assertThatThrownBy(() -> acks.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(AckTimeoutException.class,
                        e -> assertThat(e.responses()).containsExactly(1));
    }

    @Test
    void shouldRequireTimeoutForAckBroadcast() {
        assertThatThrownBy(() -> main.to("room").emitWithAck("poll")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFetchJoinLeaveAndDisconnectMatchingSockets() throws Exception {
        Connected first = connect(0);
        Connected second = connect(1);
        Connected third = connect(2);
        first.socket().join("game");
        second.socket().join("game");

        List<RemoteSocket> players = main.in("game").fetchSockets().get(5, TimeUnit.SECONDS);
        assertThat(players).extracting(RemoteSocket::id)
                .containsExactlyInAnyOrder(first.socket().id(), second.socket().id());

        main.in("game").socketsJoin("round-1");
        assertThat(second.socket().rooms()).contains("round-1");
        main.socketsLeave("game");
        assertThat(main.localRooms().keySet()).doesNotContain("game").contains("round-1");

        main.in("round-1").disconnectSockets(false);
        first.client().onLoop(() -> { });
        second.client().onLoop(() -> { });
        assertThat(first.texts()).containsExactly("1");
        assertThat(main.sockets()).containsOnlyKeys(third.socket().id());
        assertThat(main.localRooms().keySet()).containsExactly(third.socket().id());
    }

    @Test
    void shouldRemoveEmptyRoomsAndForgetDisconnectedSockets() {
        Connected first = connect(0);
        first.socket().join("a", "b");
        first.socket().leave("a");

        assertThat(first.socket().rooms()).containsExactlyInAnyOrder(first.socket().id(), "b");
        assertThat(main.localRooms().keySet()).containsExactlyInAnyOrder(first.socket().id(), "b");

        first.client().engineClose(DisconnectReason.TRANSPORT_CLOSE);

        assertThat(main.localRooms().keySet()).isEmpty();
        assertThat(main.sockets().keySet()).isEmpty();
        first.socket().join("late");
        assertThat(main.localRooms().keySet()).isEmpty();
    }

    @Test
    void shouldReportInMemoryClusterFacts() throws Exception {
        assertThat(main.serverCount().get()).isEqualTo(1);
        main.serverSideEmit("ev", 1); // no-op with a warning, as Node
    }

    @Test
    void shouldDeliverAdapterBroadcastPacketsInTheNamespace() {
        java.util.concurrent.atomic.AtomicReference<Adapter> chatAdapter = new java.util.concurrent.atomic.AtomicReference<>();
        SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults().withAdapter(context -> {
            Adapter adapter = new Adapter(context);
            if (context.namespace().equals("/chat")) {
                chatAdapter.set(adapter);
            }
            return adapter;
        }));
        server.of("/chat");
        TestClient client = new TestClient(server, loopA);
        client.send("0/chat,");
        client.sid("/chat");
        client.session().clearSent();

        chatAdapter.get().broadcast(new Packet(PacketType.EVENT, "/", List.of("raw"), null),
                BroadcastOptions.all());

        assertThat(client.texts()).containsExactly("2/chat,[\"raw\"]");
    }

    @Test
    void shouldKeepRoomsConsistentUnderConcurrentJoinsAndLeaves() throws Exception {
        List<Connected> sockets = List.of(connect(0), connect(1), connect(2), connect(3));
        Thread[] threads = new Thread[sockets.size()];
        for (int i = 0; i < threads.length; i++) {
            Socket socket = sockets.get(i).socket();
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 2_000; n++) {
                    socket.join("shared");
                    socket.leave("shared");
                }
                socket.join("shared");
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(main.localRooms().get("shared")).hasSize(sockets.size());
    }
}

package io.roomcast.socketio;

import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.engine.DisconnectReason;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceConnectionTests {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults());

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private TestClient client() {
        return new TestClient(server, loop);
    }

    @Test
    void shouldAnswerConnectWithPerNamespaceSocketId() {
        server.of("/chat");
        TestClient client = client();

        client.send("0").send("0/chat,");

        String mainId = client.sid("/");
        String chatId = client.sid("/chat");
        assertThat(mainId).matches("[A-Za-z0-9_-]{20}");
        assertThat(chatId).matches("[A-Za-z0-9_-]{20}").isNotEqualTo(mainId);
        assertThat(server.sockets().sockets()).containsOnlyKeys(mainId);
        assertThat(server.of("/chat").sockets()).containsOnlyKeys(chatId);
        assertThat(server.of("/chat").sockets().get(chatId).rooms()).containsExactly(chatId);
    }

    @Test
    void shouldNotJoinMainNamespaceWhenConnectingToCustomOne() {
        server.of("/chat");
        TestClient client = client();

        client.send("0/chat,");
        client.sid("/chat");

        assertThat(server.sockets().sockets()).isEmpty();
        server.sockets().emit("to-main");
        assertThat(client.texts()).noneMatch(t -> t.contains("to-main"));
    }

    @Test
    void shouldRefuseUnknownNamespaceAndKeepTheSession() {
        TestClient client = client();

        client.send("0/nope,");

        assertThat(client.texts()).containsExactly("4/nope,{\"message\":\"Invalid namespace\"}");
        assertThat(client.session().isOpen()).isTrue();
        client.send("0");
        assertThat(client.sid("/")).hasSize(20);
    }

    @Test
    void shouldSendConnectBeforeEventsEmittedByTheConnectionListener() {
        server.sockets().onConnection(socket -> socket.emit("welcome", socket.id()));
        TestClient client = client();

        client.send("0");

        List<String> texts = client.texts();
        String sid = client.sid("/");
        assertThat(texts).containsExactly("0{\"sid\":\"" + sid + "\"}", "2[\"welcome\",\"" + sid + "\"]");
    }

    @Test
    void shouldRunMiddlewaresInOrderWithTheAuthPayload() {
        List<String> calls = new CopyOnWriteArrayList<>();
        Namespace chat = server.of("/chat");
        chat.use((socket, next) -> {
            calls.add("first:" + socket.handshake().auth().get("token"));
            next.proceed();
        });
        chat.use((socket, next) -> {
            calls.add("second");
            next.proceed();
        });
        chat.onConnection(socket -> calls.add("connection"));
        TestClient client = client();

        client.send("0/chat,{\"token\":\"abc\"}");

        client.sid("/chat");
        assertThat(calls).containsExactly("first:abc", "second", "connection");
    }

    @Test
    void shouldExposeTheHandshake() {
        AtomicReference<Handshake> seen = new AtomicReference<>();
        server.sockets().onConnection(socket -> seen.set(socket.handshake()));
        TestClient client = client();

        client.send("0{\"token\":1}");
        client.sid("/");

        Handshake handshake = seen.get();
        assertThat(handshake.auth()).isEqualTo(Map.of("token", 1));
        assertThat(handshake.address()).isEqualTo("127.0.0.1");
        assertThat(handshake.query()).containsEntry("room", List.of("lobby"));
        assertThat(handshake.headers()).containsEntry("user-agent", List.of("tests"));
        assertThat(handshake.url()).isEqualTo("/socket.io/?EIO=4&transport=polling&room=lobby");
        assertThat(handshake.time()).matches("\\w{3} \\w{3} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT[+-]\\d{4} \\(.+\\)");
        assertThat(handshake.secure()).isFalse();
    }

    @Test
    void shouldRejectWithMessageAndDataAndSendNothingElse() {
        Namespace chat = server.of("/chat");
        chat.use((socket, next) -> {
            socket.join("secret-room");
            next.reject("not authorized", Map.of("code", 401));
        });
        chat.onConnection(socket -> socket.emit("should-not-happen"));
        TestClient client = client();

        client.send("0/chat,{\"token\":\"bad\"}");
        chat.emit("broadcast-to-all");
        chat.to("secret-room").emit("broadcast-to-room");

        assertThat(client.texts()).containsExactly("4/chat,{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        assertThat(chat.sockets()).isEmpty();
        assertThat(chat.localRooms().keySet()).isEmpty();
        assertThat(client.session().isOpen()).isTrue();
    }

    @Test
    void shouldOmitDataWhenRejectingWithoutData() {
        server.sockets().use((socket, next) -> next.reject("nope", null));
        TestClient client = client();

        client.send("0");

        assertThat(client.texts()).containsExactly("4{\"message\":\"nope\"}");
    }

    @Test
    void shouldAcceptMiddlewareDecisionFromAnotherThreadLater() throws Exception {
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        try {
            CountDownLatch connected = new CountDownLatch(1);
            AtomicReference<Boolean> listenerOnLoop = new AtomicReference<>();
            server.sockets().use((socket, next) -> worker.schedule(next::proceed, 20, TimeUnit.MILLISECONDS));
            server.sockets().onConnection(socket -> {
                listenerOnLoop.set(loop.inEventLoop());
                socket.emit("hello");
                connected.countDown();
            });
            TestClient client = client();

            client.send("0");

            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            String sid = client.sid("/");
            assertThat(client.texts()).containsExactly("0{\"sid\":\"" + sid + "\"}", "2[\"hello\"]");
            assertThat(listenerOnLoop.get()).isTrue();
            assertThat(client.session().offLoopSends()).isEmpty();
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void shouldIgnoreSecondCallOfNext() {
        server.sockets().use((socket, next) -> {
            next.reject("first", null);
            next.proceed();
        });
        TestClient client = client();

        client.send("0");

        assertThat(client.texts()).containsExactly("4{\"message\":\"first\"}");
        assertThat(server.sockets().sockets()).isEmpty();
    }

    @Test
    void shouldRejectWhenMiddlewareThrows() {
        server.sockets().use((socket, next) -> {
            throw new IllegalStateException("boom");
        });
        TestClient client = client();

        client.send("0");

        assertThat(client.texts()).containsExactly("4{\"message\":\"boom\"}");
    }

    @Test
    void shouldDisconnectOnlyTheNamespaceOnClientNamespaceDisconnect() {
        server.of("/chat");
        List<String> reasons = new CopyOnWriteArrayList<>();
        server.of("/chat").onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add("chat:" + reason)));
        server.sockets().onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add("main:" + reason)));
        TestClient client = client();
        client.send("0").send("0/chat,");
        String chatId = client.sid("/chat");

        client.send("1/chat,");

        assertThat(reasons).containsExactly("chat:client namespace disconnect");
        assertThat(server.of("/chat").sockets()).isEmpty();
        assertThat(server.of("/chat").localRooms().keySet()).doesNotContain(chatId);
        assertThat(server.sockets().sockets()).hasSize(1);
        assertThat(client.session().isOpen()).isTrue();
    }

    @Test
    void shouldSendDisconnectPacketOnServerNamespaceDisconnect() {
        server.of("/chat");
        List<String> reasons = new CopyOnWriteArrayList<>();
        server.of("/chat").onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add(reason.text())));
        TestClient client = client();
        client.send("0").send("0/chat,");
        String chatId = client.sid("/chat");

        server.of("/chat").sockets().get(chatId).disconnect(false);

        assertThat(client.texts()).endsWith("1/chat,");
        assertThat(reasons).containsExactly("server namespace disconnect");
        assertThat(server.sockets().sockets()).hasSize(1);
        assertThat(client.session().isOpen()).isTrue();
    }

    @Test
    void shouldCloseTheSessionOnDisconnectWithClose() {
        server.of("/chat");
        List<String> reasons = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add("main:" + reason)));
        server.of("/chat").onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add("chat:" + reason)));
        TestClient client = client();
        client.send("0").send("0/chat,");
        String mainId = client.sid("/");
        client.sid("/chat");

        server.sockets().sockets().get(mainId).disconnect(true);

        assertThat(client.texts()).contains("1", "1/chat,");
        assertThat(client.session().isOpen()).isFalse();
        assertThat(reasons).containsExactlyInAnyOrder("main:server namespace disconnect",
                "chat:server namespace disconnect");
        assertThat(server.sockets().sockets()).isEmpty();
        assertThat(server.of("/chat").sockets()).isEmpty();
    }

    @Test
    void shouldNotifyDisconnectingWhileTheSocketIsStillInItsRooms() {
        List<String> seen = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> {
            socket.join("game");
            socket.onDisconnecting((s, reason) -> seen.add("disconnecting:" + reason + ":" + s.rooms().contains("game")));
            socket.onDisconnect((s, reason) -> seen.add("disconnect:" + reason + ":" + s.rooms().contains("game")));
        });
        TestClient client = client();
        client.send("0");
        client.sid("/");

        client.engineClose(DisconnectReason.TRANSPORT_CLOSE);

        assertThat(seen).containsExactly("disconnecting:transport close:true", "disconnect:transport close:false");
    }

    @Test
    void shouldGiveEveryNamespaceSocketTheEngineCloseReason() {
        server.of("/chat");
        List<String> reasons = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add("main:" + reason)));
        server.of("/chat").onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add("chat:" + reason)));
        TestClient client = client();
        client.send("0").send("0/chat,");
        client.sid("/chat");

        client.engineClose(DisconnectReason.PING_TIMEOUT);

        assertThat(reasons).containsExactlyInAnyOrder("main:ping timeout", "chat:ping timeout");
        assertThat(server.sockets().localRooms().keySet()).isEmpty();
        assertThat(server.of("/chat").localRooms().keySet()).isEmpty();
    }

    @Test
    void shouldCloseSessionThatJoinsNoNamespaceWithinConnectTimeout() {
        SocketIoServer quick = new SocketIoServer(SocketIoOptions.defaults().withConnectTimeout(Duration.ofMillis(50)));
        TestClient idle = new TestClient(quick, loop);
        TestClient active = new TestClient(quick, loop);
        active.send("0");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (idle.session().isOpen() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        assertThat(idle.session().isOpen()).isFalse();
        active.onLoop(() -> { });
        assertThat(active.session().isOpen()).isTrue();
    }

    @Test
    void shouldCloseSessionOnMalformedPacket() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add(reason.text())));
        TestClient client = client();
        client.send("0");
        client.sid("/");

        client.send("2{\"not\":\"an array\"}");

        assertThat(client.session().isOpen()).isFalse();
        assertThat(reasons).containsExactly("forced close");
        assertThat(server.sockets().sockets()).isEmpty();
    }

    @Test
    void shouldCloseSessionOnPacketForNamespaceNotConnected() {
        server.of("/chat");
        TestClient client = client();
        client.send("0");
        client.sid("/");

        client.send("2/chat,[\"ev\"]");

        assertThat(client.session().isOpen()).isFalse();
    }

    @Test
    void shouldDisconnectEverySocketOnServerClose() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.onDisconnect((s, reason) -> reasons.add(reason.text())));
        TestClient client = client();
        client.send("0");
        client.sid("/");

        server.close();

        client.onLoop(() -> { });
        assertThat(reasons).containsExactly("server shutting down");
    }
}

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventAndAckTests {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults());

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Socket connect(TestClient client, String nsp) {
        client.send("/".equals(nsp) ? "0" : "0" + nsp + ",");
        return server.of(nsp).sockets().get(client.sid(nsp));
    }

    @Test
    void shouldDeliverEventArgumentsWithoutAckWhenNoIdWasSent() {
        List<Object> received = new CopyOnWriteArrayList<>();
        AtomicReference<Ack> ackSeen = new AtomicReference<>(args -> { });
        server.sockets().onConnection(socket -> socket.on("chat", (s, args, ack) -> {
            received.addAll(args);
            ackSeen.set(ack);
        }));
        TestClient client = new TestClient(server, loop);
        connect(client, "/");
        client.session().clearSent();

        client.send("2[\"chat\",\"hi\",{\"n\":1}]");

        assertThat(received).containsExactly("hi", Map.of("n", 1));
        assertThat(ackSeen.get()).isSameAs(Ack.NONE);
        assertThat(ackSeen.get().requested()).isFalse();
        ackSeen.get().send("ignored"); // a no-op, not an NPE
        assertThat(client.texts()).isEmpty();
    }

    @Test
    void shouldAnswerAckOnceWithTheClientsId() {
        server.of("/chat").onConnection(socket -> socket.on("ping", (s, args, ack) -> {
            ack.send("pong", args.get(0));
            ack.send("again");
        }));
        TestClient client = new TestClient(server, loop);
        connect(client, "/chat");
        client.session().clearSent();

        client.send("2/chat,17[\"ping\",5]");

        assertThat(client.texts()).containsExactly("3/chat,17[\"pong\",5]");
    }

    @Test
    void shouldSendBinaryAckAsAttachments() {
        server.sockets().onConnection(socket -> socket.on("file", (s, args, ack) -> ack.send(new byte[]{1, 2})));
        TestClient client = new TestClient(server, loop);
        connect(client, "/");
        client.session().clearSent();

        client.send("23[\"file\"]");

        List<Object> frames = client.frames();
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isEqualTo("61-3[{\"_placeholder\":true,\"num\":0}]");
        assertThat((byte[]) frames.get(1)).containsExactly(1, 2);
    }

    @Test
    void shouldReceiveBinaryEventFromAttachments() {
        AtomicReference<List<Object>> received = new AtomicReference<>();
        server.sockets().onConnection(socket -> socket.on("upload", (s, args, ack) -> received.set(args)));
        TestClient client = new TestClient(server, loop);
        connect(client, "/");

        client.send("51-[\"upload\",{\"name\":\"a\",\"data\":{\"_placeholder\":true,\"num\":0}}]");
        assertThat(received.get()).isNull();
        client.sendBinary(new byte[]{4, 2});

        Map<?, ?> file = (Map<?, ?>) received.get().get(0);
        assertThat(file.get("name")).isEqualTo("a");
        assertThat((byte[]) file.get("data")).containsExactly(4, 2);
    }

    @Test
    void shouldEmitNestedBinaryAsOneTextAndTheAttachments() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");
        client.session().clearSent();

        socket.emit("img", Map.of("bytes", new byte[]{9}), "caption");

        List<Object> frames = client.frames();
        assertThat(frames.get(0)).isEqualTo("51-[\"img\",{\"bytes\":{\"_placeholder\":true,\"num\":0}},\"caption\"]");
        assertThat((byte[]) frames.get(1)).containsExactly(9);
    }

    @Test
    void shouldIgnoreEventsWithoutListener() {
        List<String> calls = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.on("known", (s, args, ack) -> calls.add("known")));
        TestClient client = new TestClient(server, loop);
        connect(client, "/");

        client.send("2[\"unknown\",1]").send("2").send("2[\"known\"]");

        assertThat(calls).containsExactly("known");
        assertThat(client.session().isOpen()).isTrue();
    }

    @Test
    void shouldRunEveryListenerOfAnEventEvenWhenOneThrows() {
        List<String> calls = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> {
            socket.on("ev", (s, args, ack) -> {
                calls.add("first");
                throw new IllegalStateException("listener bug");
            });
            socket.on("ev", (s, args, ack) -> calls.add("second"));
        });
        TestClient client = new TestClient(server, loop);
        connect(client, "/");

        client.send("2[\"ev\"]");

        assertThat(calls).containsExactly("first", "second");
    }

    @Test
    void shouldDispatchNumericEventNamesUnderTheirStringForm() {
        List<Object> received = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.on("42", (s, args, ack) -> received.addAll(args)));
        TestClient client = new TestClient(server, loop);
        connect(client, "/");

        client.send("2[42,\"x\"]");

        assertThat(received).containsExactly("x");
    }

    @Test
    void shouldRefuseReservedEventNames() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");

        for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener",
                "removeListener")) {
            assertThatThrownBy(() -> socket.emit(reserved)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("\"" + reserved + "\" is a reserved event name");
            assertThatThrownBy(() -> server.sockets().emit(reserved)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldCompleteEmitWithAckWithTheClientsArguments() throws Exception {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");
        client.session().clearSent();

        CompletableFuture<List<Object>> reply = socket.emitWithAck("question", Duration.ofSeconds(5), "q");
        String sent = client.awaitText(t -> t.contains("question")).get(0);
        String id = sent.substring(1, sent.indexOf('['));
        client.send("3" + id + "[\"answer\",42]");

        assertThat(reply.get(5, TimeUnit.SECONDS)).containsExactly("answer", 42);
        assertThat(sent).isEqualTo("2" + id + "[\"question\",\"q\"]");
    }

    @Test
    void shouldAllocateDistinctAckIdsPerNamespace() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");
        client.session().clearSent();

        socket.emitWithAck("a", Duration.ofSeconds(5));
        socket.emitWithAck("b", Duration.ofSeconds(5));

        assertThat(client.texts()).containsExactly("20[\"a\"]", "21[\"b\"]");
    }

    @Test
    void shouldFailEmitWithAckAfterTheTimeout() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");

        CompletableFuture<List<Object>> reply = socket.emitWithAck("question", Duration.ofMillis(30));

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AckTimeoutException.class)
                .cause().hasMessage("operation has timed out");
        client.send("30[\"late\"]"); // a late ack is ignored
        assertThat(client.session().isOpen()).isTrue();
    }

    @Test
    void shouldFailPendingEmitWithAckOnDisconnect() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");

        CompletableFuture<List<Object>> reply = socket.emitWithAck("question", Duration.ofSeconds(30));
        client.engineClose(DisconnectReason.TRANSPORT_CLOSE);

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SocketIoException.class).hasMessage("socket has been disconnected");
    }

    @Test
    void shouldEmitFromAnyThreadOnTheSessionLoop() throws Exception {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");
        client.session().clearSent();

        Thread other = new Thread(() -> socket.emit("bin", new byte[]{1}));
        other.start();
        other.join();

        assertThat(client.frames()).hasSize(2);
        assertThat(client.session().offLoopSends()).isEmpty();
    }

    @Test
    void shouldKeepSocketDataAndTransport() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client, "/");

        socket.data(Map.of("user", "ann"));

        assertThat(server.sockets().sockets().get(socket.id()).data(Map.class)).containsEntry("user", "ann");
        assertThat(socket.transport()).isEqualTo("polling");
        client.session().transport("websocket");
        assertThat(socket.transport()).isEqualTo("websocket");
        assertThat(socket.connected()).isTrue();
    }
}

package io.roomcast.socketio;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.socketio.internal.SocketIoServer;
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

/** The socket API beyond plain events: typed listeners, onAny, off, event middlewares, emit flags, data. */
class SocketApiTests {

    record Move(int x, int y) {
    }

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final List<String> drops = new CopyOnWriteArrayList<>();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults().withObserver(
            new SocketIoObserver() {
                @Override
                public void eventDropped(String namespace, String event, EventDropReason reason) {
                    drops.add(namespace + " " + event + " " + reason.tag());
                }
            }));

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Socket connect(TestClient client) {
        client.send("0");
        Socket socket = server.sockets().sockets().get(client.sid("/"));
        client.session().clearSent();
        return socket;
    }

    @Test
    void shouldMapTheFirstArgumentOfATypedListenerWithJackson() {
        List<Move> moves = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.on("move", Move.class, (s, move, ack) -> {
            moves.add(move);
            ack.send(move.x() + move.y());
        }));
        TestClient client = new TestClient(server, loop);
        connect(client);

        client.send("21[\"move\",{\"x\":3,\"y\":4,\"extra\":true}]");

        assertThat(moves).containsExactly(new Move(3, 4));
        assertThat(client.texts()).containsExactly("31[7]");
        assertThat(drops).isEmpty();
    }

    @Test
    void shouldAnswerAPayloadThatDoesNotMapWithAnErrorAckAndNeverCallTheListener() {
        List<Move> moves = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> socket.on("move", Move.class, (s, move, ack) -> moves.add(move)));
        TestClient client = new TestClient(server, loop);
        connect(client);

        client.send("25[\"move\",{\"x\":\"left\"}]").send("26[\"move\"]");

        assertThat(moves).isEmpty();
        assertThat(client.texts()).containsExactly(
                "35[{\"error\":{\"code\":\"invalid_payload\",\"message\":\"the payload of 'move' is not valid\"}}]",
                "36[{\"error\":{\"code\":\"invalid_payload\",\"message\":\"the payload of 'move' is not valid\"}}]");
        assertThat(drops).containsExactly("/ move invalid_payload", "/ move invalid_payload");
        assertThat(client.session().isOpen()).isTrue();
    }

    @Test
    void shouldDropAndCountAnUnmappablePayloadWithoutAckAndKeepServingTheSocket() {
        List<Object> later = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> {
            socket.on("move", Move.class, (s, move, ack) -> later.add(move));
            socket.on("ping", (s, args, ack) -> later.add("ping"));
        });
        TestClient client = new TestClient(server, loop);
        connect(client);

        client.send("2[\"move\",[1,2,3]]").send("2[\"ping\"]");

        assertThat(later).containsExactly("ping");
        assertThat(client.texts()).isEmpty();
        assertThat(drops).containsExactly("/ move invalid_payload");
    }

    @Test
    void shouldCountAListenerThatThrowsAndStillRunTheOthers() {
        List<String> calls = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> {
            socket.on("go", (s, args, ack) -> {
                throw new IllegalStateException("boom");
            });
            socket.on("go", (s, args, ack) -> calls.add("second"));
        });
        TestClient client = new TestClient(server, loop);
        connect(client);

        client.send("2[\"go\"]");

        assertThat(calls).containsExactly("second");
        assertThat(drops).containsExactly("/ go listener_error");
    }

    @Test
    void shouldCallOnAnyListenersBeforeTheEventsOwnUntilTheyAreRemoved() {
        List<String> calls = new CopyOnWriteArrayList<>();
        AnyListener any = (s, event, args) -> calls.add("any " + event + " " + args);
        server.sockets().onConnection(socket -> {
            socket.onAny(any);
            socket.on("a", (s, args, ack) -> calls.add("a"));
            socket.on("b", (s, args, ack) -> {
                calls.add("b");
                s.offAny(any);
            });
        });
        TestClient client = new TestClient(server, loop);
        connect(client);

        client.send("2[\"a\",1]").send("2[\"b\"]").send("2[\"a\",2]");

        assertThat(calls).containsExactly("any a [1]", "a", "any b []", "b", "a");
    }

    @Test
    void shouldRemoveOneListenerOrEveryListenerOfAnEvent() {
        List<String> calls = new CopyOnWriteArrayList<>();
        EventListener first = (s, args, ack) -> calls.add("first");
        TypedEventListener<String> typed = (s, text, ack) -> calls.add("typed " + text);
        AtomicReference<Socket> socketRef = new AtomicReference<>();
        server.sockets().onConnection(socket -> {
            socketRef.set(socket);
            socket.on("e", first);
            socket.on("e", String.class, typed);
            socket.on("e", (s, args, ack) -> calls.add("third"));
        });
        TestClient client = new TestClient(server, loop);
        connect(client);

        client.send("2[\"e\",\"x\"]");
        socketRef.get().off("e", first);
        socketRef.get().off("e", typed);
        client.send("2[\"e\",\"y\"]");
        socketRef.get().off("e");
        client.send("2[\"e\",\"z\"]");

        assertThat(calls).containsExactly("first", "typed x", "third", "third");
    }

    @Test
    void shouldRunEventMiddlewaresInOrderAndTellErrorListenersAboutARejection() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> okReached = new CompletableFuture<>();
        CompletableFuture<Void> errorReported = new CompletableFuture<>();
        server.sockets().onConnection(socket -> {
            socket.use((s, event, args, next) -> {
                calls.add("mw1 " + event);
                // a middleware may answer later, from another thread
                CompletableFuture.runAsync(next::proceed);
            });
            socket.use((s, event, args, next) -> {
                if ("forbidden".equals(event)) {
                    next.reject("not allowed", null);
                } else {
                    next.proceed();
                }
            });
            socket.onError((s, error) -> {
                calls.add("error " + error.getMessage());
                errorReported.complete(null);
            });
            socket.on("ok", (s, args, ack) -> {
                calls.add("ok");
                okReached.complete(null);
            });
            socket.on("forbidden", (s, args, ack) -> calls.add("forbidden reached a listener"));
        });
        TestClient client = new TestClient(server, loop);
        connect(client);

        // each event goes through the chain on its own (as in Node): wait for one before sending the next
        client.send("2[\"forbidden\"]");
        errorReported.get(5, TimeUnit.SECONDS);
        client.send("2[\"ok\"]");
        okReached.get(5, TimeUnit.SECONDS);
        assertThat(calls).containsExactly("mw1 forbidden", "error not allowed", "mw1 ok", "ok");
        assertThat(drops).containsExactly("/ forbidden rejected");
    }

    @Test
    void shouldWaitForTheClientsAckThroughTimeoutAndFailWhenItDoesNotCome() throws Exception {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client);

        CompletableFuture<Integer> answered = socket.timeout(Duration.ofSeconds(5))
                .emitWithAck(Integer.class, "question", "?");
        assertThat(client.texts()).containsExactly("20[\"question\",\"?\"]");
        client.send("30[42]");
        assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo(42);

        CompletableFuture<List<Object>> unanswered = socket.timeout(Duration.ofMillis(20)).emitWithAck("again");
        assertThatThrownBy(() -> unanswered.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AckTimeoutException.class).hasMessage("operation has timed out");
        assertThatThrownBy(() -> socket.volatile_().emitWithAck("no timeout"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldDropVolatileEmitsWhileTheTransportIsNotWritable() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client);

        client.session().writable(false);
        socket.volatile_().emit("cursor", 1);
        socket.emit("chat", "kept");
        client.onLoop(() -> { }); // the writes run on the session's loop, and look at writability there
        client.session().writable(true);
        socket.volatile_().emit("cursor", 2);

        assertThat(client.texts()).containsExactly("2[\"chat\",\"kept\"]", "2[\"cursor\",2]");
    }

    @Test
    void shouldKeepATypedAttachmentAndConvertItOnDemand() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client);

        assertThat(socket.data()).isNull();
        assertThat(socket.data(Move.class)).isNull();
        Move move = new Move(1, 2);
        socket.data(move);

        assertThat(socket.data(Move.class)).isSameAs(move);
        assertThat(socket.data(Map.class)).isEqualTo(Map.of("x", 1, "y", 2));
    }

    @Test
    void shouldBroadcastFromASocketToEveryoneButItselfAndTheExceptedRooms() {
        TestClient a = new TestClient(server, loop);
        TestClient b = new TestClient(server, loop);
        TestClient c = new TestClient(server, loop);
        Socket sa = connect(a);
        connect(b);
        Socket sc = connect(c);
        sc.join("muted");

        sa.except("muted").emit("news", 1);

        assertThat(a.texts()).isEmpty();
        assertThat(b.texts()).containsExactly("2[\"news\",1]");
        assertThat(c.texts()).isEmpty();
    }
}

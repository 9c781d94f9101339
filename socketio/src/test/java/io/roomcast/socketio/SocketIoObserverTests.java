package io.roomcast.socketio;

import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.engine.DisconnectReason;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a {@link SocketIoObserver} is told: connects, events, one report per broadcast, disconnects. */
class SocketIoObserverTests {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults().withObserver(new Recorder()));

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private TestClient connect() {
        TestClient client = new TestClient(server, loop);
        client.send("0");
        client.sid("/");
        return client;
    }

    @Test
    void shouldReportOneBroadcastWithTheNumberOfSocketsReached() {
        connect();
        connect();
        connect();

        server.sockets().emit("news", 1);

        assertThat(seen).containsExactly("connected /", "connected /", "connected /", "published /",
                "delivered / local news 3");
    }

    @Test
    void shouldReportEventsBothWaysAndDisconnectReasons() {
        TestClient client = connect();
        Socket socket = server.sockets().sockets().values().iterator().next();
        socket.on("hello", (s, args, ack) -> s.emit("hi"));

        client.send("2[\"hello\"]");
        client.send("2[\"nobody-listens\"]");
        client.awaitText(text -> text.startsWith("2[\"hi\""));
        client.engineClose(DisconnectReason.TRANSPORT_CLOSE);

        assertThat(seen).containsExactly("connected /", "received / hello", "sent / hi",
                "received / nobody-listens", "disconnected / transport close");
    }

    @Test
    void shouldReportRefusedAndUnknownNamespaces() {
        server.of("/private").use((socket, next) -> next.reject("not authorized", null));
        TestClient client = new TestClient(server, loop);
        client.send("0/private,");
        client.awaitText(text -> text.startsWith("4/private,"));
        client.send("0/nowhere,");
        client.awaitText(text -> text.startsWith("4/nowhere,"));

        assertThat(seen).containsExactly("rejected /private", "unknown namespace");
    }

    private final class Recorder implements SocketIoObserver {
        @Override
        public void connected(String namespace) {
            seen.add("connected " + namespace);
        }

        @Override
        public void connectRejected(String namespace) {
            seen.add("rejected " + namespace);
        }

        @Override
        public void unknownNamespace() {
            seen.add("unknown namespace");
        }

        @Override
        public void disconnected(String namespace, DisconnectReason reason) {
            seen.add("disconnected " + namespace + " " + reason);
        }

        @Override
        public void eventReceived(String namespace, String event) {
            seen.add("received " + namespace + " " + event);
        }

        @Override
        public void eventSent(String namespace, String event) {
            seen.add("sent " + namespace + " " + event);
        }

        @Override
        public void broadcastPublished(String namespace) {
            seen.add("published " + namespace);
        }

        @Override
        public void broadcastDelivered(String namespace, boolean remote, String event, int sockets, long nanos) {
            seen.add("delivered " + namespace + " " + (remote ? "remote" : "local") + " " + event + " " + sockets);
        }
    }
}

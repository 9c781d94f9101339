package io.roomcast.socketio;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hooks instrumentation (the Admin UI) needs, as Node's: new namespaces, join-room/leave-room, onAnyOutgoing,
 * the connection id and data fields.
 */
class InstrumentationHookTests {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults());

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Socket connect(TestClient client) {
        client.send("0");
        return server.sockets().sockets().get(client.sid("/"));
    }

    @Test
    void shouldAnnounceEveryNamespaceCreatedAfterTheListenerOnce() {
        List<String> created = new CopyOnWriteArrayList<>();
        server.onNewNamespace(nsp -> created.add(nsp.name()));
        server.of(name -> name.startsWith("/game-"));

        server.of("/chat");
        server.of("/chat");
        TestClient client = new TestClient(server, loop);
        client.send("0/game-7,");

        assertThat(created).containsExactly("/chat", "/game-7");
        assertThat(server.namespaces()).extracting(Namespace::name).contains("/", "/chat", "/game-7");
    }

    @Test
    void shouldTellJoinsOfNewRoomsAndEveryLeaveIncludingTheDisconnect() {
        List<String> rooms = new CopyOnWriteArrayList<>();
        server.sockets().onJoinRoom((room, id) -> rooms.add("+" + room));
        server.sockets().onLeaveRoom((room, id) -> rooms.add("-" + room));
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client);
        String id = socket.id();

        socket.join("lobby");
        socket.join("lobby");
        socket.leave("lobby");
        socket.leave("never-joined");
        socket.join("a");
        client.send("1");

        assertThat(rooms.subList(0, 4)).containsExactly("+" + id, "+lobby", "-lobby", "+a");
        assertThat(rooms.subList(4, rooms.size())).as("leaving every room on disconnect")
                .containsExactlyInAnyOrder("-" + id, "-a");
    }

    @Test
    void shouldTellOutgoingEmitsOfTheSocketButNotBroadcasts() {
        List<String> outgoing = new CopyOnWriteArrayList<>();
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client);
        socket.onAnyOutgoing((s, event, args) -> outgoing.add(event + args));

        socket.emit("hello", "world", 1);
        server.sockets().emit("news", "all");
        client.texts();

        assertThat(outgoing).containsExactly("hello[world, 1]");
    }

    @Test
    void shouldTellEverySocketOfTheConnectionAboutAnUpgrade() {
        List<String> upgrades = new CopyOnWriteArrayList<>();
        server.of("/chat");
        TestClient client = new TestClient(server, loop);
        Socket main = connect(client);
        client.send("0/chat,");
        Socket chat = server.of("/chat").sockets().get(client.sid("/chat"));
        main.onUpgrade(transport -> upgrades.add("/ " + transport));
        chat.onUpgrade(transport -> upgrades.add("/chat " + transport));

        loop.submit(() -> server.onUpgrade(client.session())).syncUninterruptibly();

        String transport = client.session().transport();
        assertThat(upgrades).containsExactlyInAnyOrder("/ " + transport, "/chat " + transport);
    }

    @Test
    void shouldKeepDataFieldsBesideTheApplicationsData() {
        TestClient client = new TestClient(server, loop);
        Socket socket = connect(client);
        socket.data(Map.of("user", "ada"));

        socket.dataField("_admin", Map.of("transport", "polling"));

        assertThat(socket.data()).isEqualTo(Map.of("user", "ada"));
        assertThat(socket.dataFields()).containsExactly(Map.entry("_admin", Map.of("transport", "polling")));
        socket.dataField("_admin", null);
        assertThat(socket.dataFields()).isEmpty();
        assertThat(socket.connectionId()).isEqualTo(client.session().id());
    }
}

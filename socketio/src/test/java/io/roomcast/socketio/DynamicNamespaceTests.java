package io.roomcast.socketio;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Namespaces created on demand (Node's {@code io.of(regex)}) and the in-memory face of cluster operations. */
class DynamicNamespaceTests {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SocketIoServer server(boolean cleanup) {
        return new SocketIoServer(SocketIoOptions.defaults().withCleanupEmptyChildNamespaces(cleanup));
    }

    private static ParentNamespace games(SocketIoServer server) {
        Pattern pattern = Pattern.compile("^/game-\\d+$");
        return server.of(name -> pattern.matcher(name).matches());
    }

    @Test
    void shouldCreateAChildForAMatchingNameAndRunTheParentsMiddlewaresAndListeners() {
        SocketIoServer server = server(false);
        ParentNamespace games = games(server);
        List<String> seen = new CopyOnWriteArrayList<>();
        games.use((socket, next) -> {
            seen.add("middleware " + socket.namespace().name());
            next.proceed();
        });
        games.onConnection(socket -> seen.add("connection " + socket.namespace().name()));
        TestClient client = new TestClient(server, loop);

        client.send("0/game-42,");

        String sid = client.sid("/game-42");
        assertThat(seen).containsExactly("middleware /game-42", "connection /game-42");
        assertThat(games.children()).extracting(Namespace::name).containsExactly("/game-42");
        assertThat(server.namespace("/game-42")).get().satisfies(nsp -> assertThat(nsp.sockets()).containsKey(sid));
    }

    @Test
    void shouldApplyTheParentsRoomAuthorizerToChildrenWithoutTheirOwn() {
        SocketIoServer server = server(false);
        ParentNamespace games = games(server);
        games.authorizeJoins((socket, room) -> room.startsWith("table-"));
        TestClient client = new TestClient(server, loop);
        client.send("0/game-1,").send("0/game-2,");
        Socket inOne = server.namespace("/game-1").orElseThrow().sockets().get(client.sid("/game-1"));
        Socket inTwo = server.namespace("/game-2").orElseThrow().sockets().get(client.sid("/game-2"));
        server.namespace("/game-2").orElseThrow().authorizeJoins(RoomAuthorizer.ALLOW_ALL);

        inOne.join("table-1");
        assertThatThrownBy(() -> inOne.join("backstage")).isInstanceOf(RoomForbiddenException.class);
        inTwo.join("backstage");

        assertThat(inOne.rooms()).containsExactlyInAnyOrder(inOne.id(), "table-1");
        assertThat(inTwo.rooms()).containsExactlyInAnyOrder(inTwo.id(), "backstage");
    }

    @Test
    void shouldStillRefuseANameNoParentAccepts() {
        SocketIoServer server = server(false);
        games(server);
        TestClient client = new TestClient(server, loop);

        client.send("0/game-x,");

        assertThat(client.awaitText(t -> t.startsWith("4/game-x,")))
                .contains("4/game-x,{\"message\":\"Invalid namespace\"}");
        assertThat(server.namespace("/game-x")).isEmpty();
    }

    @Test
    void shouldEmitToEveryChildFromTheParent() {
        SocketIoServer server = server(false);
        ParentNamespace games = games(server);
        TestClient one = new TestClient(server, loop);
        TestClient two = new TestClient(server, loop);
        one.send("0/game-1,");
        two.send("0/game-2,");
        one.sid("/game-1");
        two.sid("/game-2");
        one.session().clearSent();
        two.session().clearSent();

        games.emit("round", 1);

        assertThat(one.texts()).containsExactly("2/game-1,[\"round\",1]");
        assertThat(two.texts()).containsExactly("2/game-2,[\"round\",1]");
    }

    @Test
    void shouldRemoveAnEmptyChildOnlyWhenCleanupIsOn() {
        for (boolean cleanup : new boolean[] {true, false}) {
            SocketIoServer server = server(cleanup);
            ParentNamespace games = games(server);
            TestClient client = new TestClient(server, loop);
            client.send("0/game-7,");
            client.sid("/game-7");

            client.send("1/game-7,");
            client.onLoop(() -> { });

            assertThat(server.namespace("/game-7").isPresent()).as("child kept with cleanup=" + cleanup)
                    .isEqualTo(!cleanup);
            assertThat(games.children()).hasSize(cleanup ? 0 : 1);
        }
    }

    @Test
    void shouldBehaveAsAClusterOfOneWithTheInMemoryAdapter() throws Exception {
        SocketIoServer server = server(false);
        Namespace main = server.sockets();
        List<Object> serverSide = new CopyOnWriteArrayList<>();
        main.onServerSideEmit((event, args, ack) -> serverSide.add(event));
        TestClient client = new TestClient(server, loop);
        client.send("0");
        String sid = client.sid("/");

        main.socketsJoin("lobby");

        assertThat(main.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(main.serverSideEmitWithAck("hello").get(5, TimeUnit.SECONDS)).isEmpty();
        main.serverSideEmit("hello"); // to the other servers: there are none, and never to this one
        assertThat(serverSide).isEmpty();
        assertThat(main.allRooms().get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder(sid, "lobby");
        assertThat(main.fetchSockets().get(5, TimeUnit.SECONDS)).extracting(RemoteSocket::id).containsExactly(sid);
        assertThat(main.localRooms()).containsEntry("lobby", Set.of(sid));
        Map<String, Set<String>> rooms = main.localRooms();
        assertThatThrownBy(() -> rooms.get("lobby").add("intruder")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rooms.remove("lobby")).isInstanceOf(UnsupportedOperationException.class);
    }
}

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Namespace#authorizeJoins}: checked joins from handlers, exempt joins the server decides on. */
class RoomAuthorizerTests {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final List<String> denials = new CopyOnWriteArrayList<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults().withObserver(
            new SocketIoObserver() {
                @Override
                public void joinDenied(String namespace) {
                    denials.add(namespace);
                }
            }));
    private final Namespace main = server.sockets();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Only rooms starting with "public-" are allowed; every question is recorded. */
    private void allowPublicRoomsOnly() {
        main.authorizeJoins((socket, room) -> {
            asked.add(socket.id() + " " + room);
            return room.startsWith("public-");
        });
    }

    /** A "join" handler as an application writes it: a forbidden room is answered with an error ack. */
    private void joinOnRequest() {
        main.onConnection(socket -> socket.on("join", (s, args, ack) -> {
            String room = (String) args.get(0);
            try {
                s.join(room);
                ack.send(Map.of("ok", true));
            } catch (RoomForbiddenException e) {
                ack.send(Map.of("forbidden", e.room()));
            }
        }));
    }

    private record Connected(TestClient client, Socket socket) {
    }

    private Connected connect() {
        TestClient client = new TestClient(server, loop);
        client.send("0");
        Socket socket = main.sockets().get(client.sid("/"));
        client.session().clearSent();
        return new Connected(client, socket);
    }

    @Test
    void shouldRefuseAClientJoinTheAuthorizerDeniesAndCountIt() {
        allowPublicRoomsOnly();
        joinOnRequest();
        Connected connected = connect();
        TestClient client = connected.client();
        Socket socket = connected.socket();

        client.send("21[\"join\",\"secret-room\"]");
        main.to("secret-room").emit("leak", "alice's message");

        assertThat(client.texts()).containsExactly(
                "31[{\"forbidden\":\"secret-room\"}]");
        assertThat(socket.rooms()).containsExactly(socket.id());
        assertThat(main.localRooms()).doesNotContainKey("secret-room");
        assertThat(asked).containsExactly(socket.id() + " secret-room");
        assertThat(denials).containsExactly("/");
    }

    @Test
    void shouldJoinAnAllowedRoomAndDeliverItsBroadcasts() {
        allowPublicRoomsOnly();
        joinOnRequest();
        Connected connected = connect();
        TestClient client = connected.client();
        Socket socket = connected.socket();

        client.send("21[\"join\",\"public-lobby\"]");
        main.to("public-lobby").emit("news", 1);

        assertThat(client.texts()).containsExactly("31[{\"ok\":true}]", "2[\"news\",1]");
        assertThat(socket.rooms()).containsExactlyInAnyOrder(socket.id(), "public-lobby");
        assertThat(denials).isEmpty();
    }

    @Test
    void shouldJoinNoneOfSeveralRoomsWhenOneIsDenied() {
        allowPublicRoomsOnly();
        Socket socket = connect().socket();

        assertThatThrownBy(() -> socket.join("public-a", "private-b", "public-c"))
                .isInstanceOf(RoomForbiddenException.class)
                .isInstanceOf(SocketIoException.class)
                .hasMessage("not allowed to join room private-b")
                .satisfies(e -> assertThat(((RoomForbiddenException) e).room()).isEqualTo("private-b"));

        assertThat(socket.rooms()).containsExactly(socket.id());
        assertThat(denials).containsExactly("/");
    }

    @Test
    void shouldNotAskAboutServerSideJoinsNorTheOwnIdRoom() {
        allowPublicRoomsOnly();
        Connected connected = connect();
        TestClient client = connected.client();
        Socket socket = connected.socket();

        main.socketsJoin("private-all");
        main.in(socket.id()).socketsJoin("private-one");
        socket.join(socket.id());
        main.to("private-one").emit("news", 2);

        assertThat(socket.rooms()).containsExactlyInAnyOrder(socket.id(), "private-all", "private-one");
        assertThat(client.texts()).containsExactly("2[\"news\",2]");
        assertThat(asked).isEmpty();
        assertThat(denials).isEmpty();
    }

    @Test
    void shouldAllowEveryRoomByDefault() {
        Socket socket = connect().socket();

        socket.join("secret-room", "user:alice:private");

        assertThat(socket.rooms()).containsExactlyInAnyOrder(socket.id(), "secret-room", "user:alice:private");
        assertThat(denials).isEmpty();
    }

    @Test
    void shouldJoinNothingWhenTheAuthorizerThrows() {
        main.authorizeJoins((socket, room) -> {
            throw new IllegalStateException("policy store down");
        });
        Socket socket = connect().socket();

        assertThatThrownBy(() -> socket.join("public-lobby")).isInstanceOf(IllegalStateException.class);

        assertThat(socket.rooms()).containsExactly(socket.id());
    }

    @Test
    void shouldReplaceTheAuthorizerAndRefuseNull() {
        allowPublicRoomsOnly();
        main.authorizeJoins(RoomAuthorizer.ALLOW_ALL);
        Socket socket = connect().socket();

        socket.join("private-b");

        assertThat(socket.rooms()).contains("private-b");
        assertThat(asked).isEmpty();
        assertThatThrownBy(() -> main.authorizeJoins(null)).isInstanceOf(NullPointerException.class);
    }
}

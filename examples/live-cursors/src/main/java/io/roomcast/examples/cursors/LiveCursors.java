package io.roomcast.examples.cursors;

import io.roomcast.socketio.Ack;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * Live cursors on shared boards: every board is a room; clients see who else is on their board and where their
 * cursors are.
 *
 * <p>Client to server:
 * <ul>
 *   <li>{@code join {board, name}} with an ack: enters a board (leaving the previous one); the ack is
 *       {@code {board, here: [{id, name}, ...]}}, everyone on the board on every node, the joiner included;</li>
 *   <li>{@code move {x, y}}: the cursor moved; the others on the board get {@code cursor {id, name, x, y}}. Sent
 *       volatile: a client that cannot keep up skips moves instead of queueing them.</li>
 * </ul>
 * Server to client: {@code joined {id, name}} and {@code left {id, name}} when someone enters or leaves the board
 * (leaving includes disconnecting), and {@code cursor}.
 *
 * <p>A payload that does not map to {@link Join} or {@link Move} never reaches the listeners: a client that asked
 * for an ack gets {@code {"error": {"code": "invalid_payload", ...}}}. With a cluster adapter
 * ({@code RoomcastServer.builder().adapter(RedisAdapterFactory.connect(..))}) the same code works across nodes.
 */
public final class LiveCursors {

    /** {@code join}'s payload. */
    public record Join(String board, String name) {}

    /** {@code move}'s payload: cursor position on the board. */
    public record Move(double x, double y) {}

    /** Who a socket is: kept as the socket's data, so {@code fetchSockets()} on any node can read it. */
    public record Player(String id, String name, String board) {}

    /** {@code cursor}: a move as the other players receive it. */
    public record Cursor(String id, String name, double x, double y) {}

    private LiveCursors() {}

    /** Adds the board's event handlers to a server that is not started yet. */
    public static RoomcastServer install(RoomcastServer io) {
        io.onConnection(socket -> {
            socket.on("join", Join.class, (s, join, ack) -> join(io, s, join, ack));
            socket.on("move", Move.class, (s, move, ack) -> {
                Player player = s.data(Player.class);
                if (player != null) {
                    s.to(player.board()).volatile_().emit("cursor",
                            new Cursor(player.id(), player.name(), move.x(), move.y()));
                }
            });
            socket.onDisconnect((s, reason) -> leave(s));
        });
        return io;
    }

    private static void join(RoomcastServer io, Socket socket, Join join, Ack ack) {
        if (join.board() == null || join.board().isBlank() || join.name() == null || join.name().isBlank()) {
            ack.send(Map.of("error", Map.of("code", "invalid_join", "message", "board and name are required")));
            return;
        }
        Player previous = socket.data(Player.class);
        if (previous != null && !previous.board().equals(join.board())) {
            leave(socket);
        }
        Player player = new Player(socket.id(), join.name(), join.board());
        socket.data(player);
        socket.join(player.board());
        socket.to(player.board()).emit("joined", Map.of("id", player.id(), "name", player.name()));
        // Everyone on the board, on every node: their data is the Player they set when they joined.
        io.in(player.board()).fetchSockets().whenComplete((sockets, failure) -> {
            if (failure != null) {
                ack.send(Map.of("error", Map.of("code", "unavailable", "message", failure.getMessage())));
                return;
            }
            List<Map<String, String>> here = sockets.stream()
                    .map(remote -> remote.data(Player.class))
                    .filter(Objects::nonNull)
                    .sorted(Comparator.comparing(Player::name).thenComparing(Player::id))
                    .map(p -> Map.of("id", p.id(), "name", p.name()))
                    .toList();
            ack.send(Map.of("board", player.board(), "here", here));
        });
    }

    private static void leave(Socket socket) {
        Player player = socket.data(Player.class);
        if (player != null) {
            socket.leave(player.board());
            socket.to(player.board()).emit("left", Map.of("id", player.id(), "name", player.name()));
        }
    }

    /** Serves the boards on {@code PORT} (3000) until the JVM stops. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        RoomcastServer io = install(RoomcastServer.builder().port(port).build()).start();
        System.out.println("live cursors on ws://localhost:" + io.port() + "/socket.io/");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            io.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}

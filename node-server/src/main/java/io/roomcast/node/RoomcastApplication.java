package io.roomcast.node;

import io.roomcast.engine.HttpFallback;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;

import java.util.Optional;

/**
 * A real-time application that {@link NodeRuntime} runs as a node: it adds its namespaces, middlewares and listeners
 * to the server before the port opens. {@link io.roomcast.node.chat.ChatApp} is the one Roomcast ships.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     NodeRuntime.run(config -> io -> io.onConnection(socket -> socket.emit("hello")));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RoomcastApplication extends AutoCloseable {

    /** Adds the application to the server; called once, before the server starts. */
    void install(RoomcastServer io);

    /** Serves HTTP requests outside the Socket.IO path on the client port; none (404, as Node) by default. */
    default Optional<HttpFallback> httpFallback() {
        return Optional.empty();
    }

    /**
     * Who the user behind a socket is, for {@code RATE_LIMIT_USER_EVENTS} (one budget per user over all its
     * connections, cluster-wide with Redis), e.g. the JWT subject a middleware put in {@link Socket#data()}; null
     * leaves the socket out of the per-user budget. Called on the socket's event loop for each event: must be cheap.
     * Null for every socket by default.
     */
    default String userOf(Socket socket) {
        return null;
    }

    /** Releases what the application holds (e.g. its Redis connections); called once, after the server closed. */
    @Override
    default void close() {
    }
}

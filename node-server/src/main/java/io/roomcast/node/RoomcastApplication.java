package io.roomcast.node;

import io.roomcast.engine.HttpFallback;
import io.roomcast.socketio.RoomcastServer;

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
public interface RoomcastApplication {

    /** Adds the application to the server; called once, before the server starts. */
    void install(RoomcastServer io);

    /** Serves HTTP requests outside the Socket.IO path on the client port; none (404, as Node) by default. */
    default Optional<HttpFallback> httpFallback() {
        return Optional.empty();
    }
}

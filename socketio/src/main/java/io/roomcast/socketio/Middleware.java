package io.roomcast.socketio;

/**
 * Runs when a client connects to a namespace, before the connection listeners (Node's {@code namespace.use}).
 * Must call {@link Next#proceed()} or {@link Next#reject} exactly once, possibly later and from any thread.
 */
@FunctionalInterface
public interface Middleware {

    void handle(Socket socket, Next next);
}

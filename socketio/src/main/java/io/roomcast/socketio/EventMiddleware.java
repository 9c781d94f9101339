package io.roomcast.socketio;

import java.util.List;

/**
 * Runs for every event a client sends on a socket, before any listener (Node's {@code socket.use}). Must call
 * {@link Next#proceed()} or {@link Next#reject} exactly once, possibly later and from any thread; a rejected event
 * reaches no listener, and the socket's {@link ErrorListener}s get the rejection. As in Node, each event goes
 * through the chain on its own: a middleware that answers later lets the socket's next event overtake it.
 */
@FunctionalInterface
public interface EventMiddleware {

    void handle(Socket socket, String event, List<Object> args, Next next);
}

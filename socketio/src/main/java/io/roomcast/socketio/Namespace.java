package io.roomcast.socketio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A Socket.IO namespace (Node's {@code Namespace}): its sockets, middlewares and adapter. Thread-safe. */
public interface Namespace {

    /** Name with leading slash, e.g. {@code /} or {@code /chat}. */
    String name();

    /** Adds a connect middleware; middlewares run in the order they were added. */
    void use(Middleware middleware);

    void onConnection(ConnectionListener listener);

    /** Sockets of this node connected to this namespace, by id (a read-only live view). */
    Map<String, Socket> sockets();

    Adapter adapter();

    BroadcastOperator to(String... rooms);

    BroadcastOperator in(String... rooms);

    BroadcastOperator except(String... rooms);

    BroadcastOperator local();

    BroadcastOperator compress(boolean compress);

    /** Node's {@code io.volatile}: skip sockets that cannot take more data right now. */
    BroadcastOperator volatile_();

    BroadcastOperator timeout(Duration timeout);

    /** Sends an event to every socket of the namespace. */
    void emit(String event, Object... args);

    /** Every socket of the namespace, on every node (Node's {@code namespace.fetchSockets()}). */
    default CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return new BroadcastOperator(adapter()).fetchSockets();
    }

    /** Makes every socket of the namespace join the rooms (Node's {@code namespace.socketsJoin}). */
    default void socketsJoin(String... rooms) {
        new BroadcastOperator(adapter()).socketsJoin(rooms);
    }

    /** Makes every socket of the namespace leave the rooms (Node's {@code namespace.socketsLeave}). */
    default void socketsLeave(String... rooms) {
        new BroadcastOperator(adapter()).socketsLeave(rooms);
    }

    /** Disconnects every socket of the namespace (Node's {@code namespace.disconnectSockets}). */
    default void disconnectSockets(boolean close) {
        new BroadcastOperator(adapter()).disconnectSockets(close);
    }
}

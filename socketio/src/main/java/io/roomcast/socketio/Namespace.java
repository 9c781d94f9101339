package io.roomcast.socketio;

import java.time.Duration;
import java.util.Map;

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
}

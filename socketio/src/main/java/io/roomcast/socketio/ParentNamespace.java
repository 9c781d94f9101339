package io.roomcast.socketio;

import java.util.Collection;

/**
 * A family of namespaces created on demand (Node's {@code io.of(/^\/game-\d+$/)}): when a client connects to a
 * name the pattern or predicate accepts, the child namespace is created; the parent's middlewares run first for it
 * and the parent's connection listeners see its sockets ({@code socket.namespace()} is the child). Thread-safe.
 */
public interface ParentNamespace {

    /** Adds a connect middleware for every child, existing and future ones. */
    void use(Middleware middleware);

    /**
     * Sets who may join which room for every child, existing and future ones, that has no authorizer of its own
     * ({@link Namespace#authorizeJoins} on a child takes precedence).
     */
    void authorizeJoins(RoomAuthorizer authorizer);

    /** Told about the sockets of every child. */
    void onConnection(ConnectionListener listener);

    /** Sends an event to every socket of every child (on every node). */
    void emit(String event, Object... args);

    /** The children created so far on this node. */
    Collection<Namespace> children();
}

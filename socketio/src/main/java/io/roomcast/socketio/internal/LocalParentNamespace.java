package io.roomcast.socketio.internal;

import io.roomcast.socketio.ConnectionListener;
import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.ParentNamespace;
import io.roomcast.socketio.RoomAuthorizer;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A dynamic namespace family: the matcher, and the middlewares and listeners its children share. */
final class LocalParentNamespace implements ParentNamespace {

    private final int index;
    private final Predicate<String> matcher;
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final Set<Namespace> children = ConcurrentHashMap.newKeySet();
    private volatile RoomAuthorizer roomAuthorizer = RoomAuthorizer.ALLOW_ALL;

    LocalParentNamespace(int index, Predicate<String> matcher) {
        this.index = index;
        this.matcher = matcher;
    }

    boolean accepts(String name) {
        return matcher.test(name);
    }

    @Override
    public void use(Middleware middleware) {
        middlewares.add(Objects.requireNonNull(middleware, "middleware must not be null"));
    }

    @Override
    public void authorizeJoins(RoomAuthorizer authorizer) {
        roomAuthorizer = Objects.requireNonNull(authorizer, "authorizer must not be null");
    }

    RoomAuthorizer roomAuthorizer() {
        return roomAuthorizer;
    }

    @Override
    public void onConnection(ConnectionListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void emit(String event, Object... args) {
        for (Namespace child : children) {
            child.emit(event, args);
        }
    }

    @Override
    public Collection<Namespace> children() {
        return Collections.unmodifiableSet(children);
    }

    List<Middleware> middlewares() {
        return middlewares;
    }

    List<ConnectionListener> connectionListeners() {
        return connectionListeners;
    }

    void addChild(Namespace child) {
        children.add(child);
    }

    void removeChild(Namespace child) {
        children.remove(child);
    }

    @Override
    public String toString() {
        return "ParentNamespace[/_" + index + "]"; // Node names them "/_" + count
    }
}

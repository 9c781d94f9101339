package io.roomcast.socketio.internal;

import io.roomcast.socketio.Adapter;
import io.roomcast.socketio.AdapterFactory;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.ConnectionListener;
import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoObserver;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A namespace of this server: middlewares, connection listeners, connected sockets and the adapter. */
public final class LocalNamespace implements Namespace {

    private final String name;
    private final Adapter adapter;
    private final SocketIoObserver observer;
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    /** Ack ids of this namespace (Node's {@code nsp._ids}), shared by socket and broadcast acks. */
    private final AtomicLong ackIds = new AtomicLong();

    public LocalNamespace(String name, AdapterFactory adapterFactory) {
        this(name, adapterFactory, SocketIoObserver.NONE);
    }

    public LocalNamespace(String name, AdapterFactory adapterFactory, SocketIoObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer must not be null");
        this.name = Objects.requireNonNull(name, "name must not be null");
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException("namespace name must start with '/': " + name);
        }
        this.adapter = Objects.requireNonNull(adapterFactory.create(this), "adapterFactory returned null");
        adapter.init();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void use(Middleware middleware) {
        middlewares.add(Objects.requireNonNull(middleware, "middleware must not be null"));
    }

    @Override
    public void onConnection(ConnectionListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public Map<String, Socket> sockets() {
        return Collections.unmodifiableMap(sockets);
    }

    @Override
    public Adapter adapter() {
        return adapter;
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return new BroadcastOperator(adapter).to(rooms);
    }

    @Override
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return new BroadcastOperator(adapter).except(rooms);
    }

    @Override
    public BroadcastOperator local() {
        return new BroadcastOperator(adapter).local();
    }

    @Override
    public BroadcastOperator compress(boolean compress) {
        return new BroadcastOperator(adapter).compress(compress);
    }

    @Override
    public BroadcastOperator volatile_() {
        return new BroadcastOperator(adapter).volatile_();
    }

    @Override
    public BroadcastOperator timeout(Duration timeout) {
        return new BroadcastOperator(adapter).timeout(timeout);
    }

    @Override
    public void emit(String event, Object... args) {
        new BroadcastOperator(adapter).emit(event, args);
    }

    /** Told about this namespace's connections, events and broadcasts. */
    public SocketIoObserver observer() {
        return observer;
    }

    public long nextAckId() {
        return ackIds.getAndIncrement();
    }

    List<Middleware> middlewares() {
        return middlewares;
    }

    List<ConnectionListener> connectionListeners() {
        return connectionListeners;
    }

    void add(Socket socket) {
        sockets.put(socket.id(), socket);
    }

    void remove(Socket socket) {
        sockets.remove(socket.id(), socket);
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }
}

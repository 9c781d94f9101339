package io.roomcast.socketio.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.ConnectionListener;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.RoomAuthorizer;
import io.roomcast.socketio.RoomListener;
import io.roomcast.socketio.ServerSideEmitListener;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoObserver;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.adapter.AdapterContext;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A namespace of this server: middlewares, connection listeners, connected sockets and the adapter. */
final class LocalNamespace implements Namespace {

    private static final Logger log = LoggerFactory.getLogger(LocalNamespace.class);

    private final String name;
    private final Adapter adapter;
    private final SocketIoObserver observer;
    private final ObjectMapper mapper;
    /** Connection state recovery settings, null when off. */
    private final ConnectionStateRecovery recovery;
    /** The family this namespace was created for, or null for a namespace created with {@code of(name)}. */
    private final LocalParentNamespace parent;
    private final Consumer<LocalNamespace> onEmpty;
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<ServerSideEmitListener> serverSideListeners = new CopyOnWriteArrayList<>();
    private final List<RoomListener> joinRoomListeners = new CopyOnWriteArrayList<>();
    private final List<RoomListener> leaveRoomListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    /** The read-only view handed out, made once: the adapter asks for it on every broadcast. */
    private final Map<String, Socket> socketsView = Collections.unmodifiableMap(sockets);
    /** Set with {@link #authorizeJoins}; null until then (a child of a parent then uses the parent's). */
    private volatile RoomAuthorizer roomAuthorizer;
    /** Ack ids of this namespace (Node's {@code nsp._ids}), shared by socket and broadcast acks. */
    private final AtomicLong ackIds = new AtomicLong();

    LocalNamespace(String name, SocketIoOptions options, LocalParentNamespace parent,
                   Consumer<LocalNamespace> onEmpty) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException("namespace name must start with '/': " + name);
        }
        this.observer = options.observer();
        this.mapper = options.objectMapper();
        this.recovery = options.connectionStateRecovery();
        this.parent = parent;
        this.onEmpty = onEmpty;
        this.adapter = Objects.requireNonNull(options.adapter().create(new Context()), "adapter factory returned null");
        if (recovery != null && !adapter.supportsConnectionStateRecovery()) {
            throw new IllegalStateException("connectionStateRecovery is on, but the adapter "
                    + adapter.getClass().getSimpleName() + " cannot save sessions; use the in-memory adapter or "
                    + "the Redis Streams adapter");
        }
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
    public void authorizeJoins(RoomAuthorizer authorizer) {
        roomAuthorizer = Objects.requireNonNull(authorizer, "authorizer must not be null");
    }

    @Override
    public Map<String, Socket> sockets() {
        return socketsView;
    }

    @Override
    public Map<String, Set<String>> localRooms() {
        return adapter.roomsView();
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return all().to(rooms);
    }

    @Override
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return all().except(rooms);
    }

    @Override
    public BroadcastOperator local() {
        return all().local();
    }

    @Override
    public BroadcastOperator compress(boolean compress) {
        return all().compress(compress);
    }

    @Override
    public BroadcastOperator volatile_() {
        return all().volatile_();
    }

    @Override
    public BroadcastOperator timeout(Duration timeout) {
        return all().timeout(timeout);
    }

    @Override
    public void emit(String event, Object... args) {
        all().emit(event, args);
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return all().fetchSockets();
    }

    @Override
    public void socketsJoin(String... rooms) {
        all().socketsJoin(rooms);
    }

    @Override
    public void socketsLeave(String... rooms) {
        all().socketsLeave(rooms);
    }

    @Override
    public void disconnectSockets(boolean close) {
        all().disconnectSockets(close);
    }

    @Override
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(Packet.eventData(event, args));
    }

    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        return adapter.serverSideEmitWithAck(Packet.eventData(event, args));
    }

    @Override
    public void onServerSideEmit(ServerSideEmitListener listener) {
        serverSideListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return adapter.serverCount();
    }

    @Override
    public CompletableFuture<Set<String>> allRooms() {
        return adapter.allRooms();
    }

    @Override
    public void onJoinRoom(RoomListener listener) {
        joinRoomListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void onLeaveRoom(RoomListener listener) {
        leaveRoomListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    private static void notifyRoom(List<RoomListener> listeners, String room, String socketId) {
        for (RoomListener listener : listeners) {
            try {
                listener.onRoom(room, socketId);
            } catch (RuntimeException e) {
                log.warn("room listener failed for {}", room, e);
            }
        }
    }

    private BroadcastOperator all() {
        return new BroadcastOperator(adapter);
    }

    Adapter adapter() {
        return adapter;
    }

    /** Connection state recovery settings, null when off. */
    ConnectionStateRecovery recovery() {
        return recovery;
    }

    SocketIoObserver observer() {
        return observer;
    }

    RoomAuthorizer roomAuthorizer() {
        RoomAuthorizer own = roomAuthorizer;
        if (own != null) {
            return own;
        }
        return parent == null ? RoomAuthorizer.ALLOW_ALL : parent.roomAuthorizer();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    LocalParentNamespace parent() {
        return parent;
    }

    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    /** The parent's middlewares first, then this namespace's own (Node's {@code createChild} copies the parent's). */
    List<Middleware> middlewares() {
        if (parent == null) {
            return middlewares;
        }
        List<Middleware> all = new ArrayList<>(parent.middlewares());
        all.addAll(middlewares);
        return all;
    }

    /** This namespace's listeners, then the parent's (which see the sockets of every child). */
    List<ConnectionListener> connectionListeners() {
        if (parent == null) {
            return connectionListeners;
        }
        List<ConnectionListener> all = new ArrayList<>(connectionListeners);
        all.addAll(parent.connectionListeners());
        return all;
    }

    void add(Socket socket) {
        sockets.put(socket.id(), socket);
    }

    void remove(Socket socket) {
        if (sockets.remove(socket.id(), socket) && sockets.isEmpty() && parent != null) {
            onEmpty.accept(this);
        }
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }

    /** What the adapter may do with this namespace. */
    private final class Context implements AdapterContext {

        @Override
        public ConnectionStateRecovery connectionStateRecovery() {
            return recovery;
        }

        @Override
        public String namespace() {
            return name;
        }

        @Override
        public Map<String, Socket> sockets() {
            return socketsView;
        }

        @Override
        public SocketIoObserver observer() {
            return observer;
        }

        @Override
        public long nextAckId() {
            return LocalNamespace.this.nextAckId();
        }

        @Override
        public ObjectMapper objectMapper() {
            return mapper;
        }

        @Override
        public Delivery delivery(EncodedPacket frames, boolean volatile_) {
            return new LoopBatches(frames, volatile_);
        }

        @Override
        public void expectAck(Socket socket, long ackId, Consumer<List<Object>> callback, Long timeoutMillis) {
            ((NamespaceSocket) socket).expectAck(ackId, callback, timeoutMillis);
        }

        @Override
        public void join(Socket socket, Set<String> rooms) {
            ((NamespaceSocket) socket).joinOnServerDecision(rooms);
        }

        @Override
        public void joinedRoom(String room, String socketId) {
            notifyRoom(joinRoomListeners, room, socketId);
        }

        @Override
        public void leftRoom(String room, String socketId) {
            notifyRoom(leaveRoomListeners, room, socketId);
        }

        @Override
        public boolean serverSideEmitReceived(String event, List<Object> args, Ack ack) {
            boolean handled = true;
            for (ServerSideEmitListener listener : serverSideListeners) {
                try {
                    listener.onServerSideEmit(event, args, ack);
                } catch (RuntimeException e) {
                    handled = false;
                    log.warn("serverSideEmit listener for {} on {} failed", event, name, e);
                }
            }
            return handled;
        }
    }
}

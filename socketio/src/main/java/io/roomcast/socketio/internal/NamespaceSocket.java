package io.roomcast.socketio.internal;

import io.netty.util.concurrent.EventExecutor;
import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.AckTimeoutException;
import io.roomcast.socketio.AnyListener;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.DisconnectListener;
import io.roomcast.socketio.ErrorListener;
import io.roomcast.socketio.EventDropReason;
import io.roomcast.socketio.EventListener;
import io.roomcast.socketio.EventMiddleware;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RoomAuthorizer;
import io.roomcast.socketio.RoomForbiddenException;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketEmitter;
import io.roomcast.socketio.SocketIoException;
import io.roomcast.socketio.TypedEventListener;
import io.roomcast.socketio.adapter.BroadcastFlags;
import io.roomcast.socketio.adapter.BroadcastOptions;
import io.roomcast.socketio.adapter.SavedSession;
import io.roomcast.socketio.limits.RateLimitScope;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.roomcast.socketio.protocol.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client connection to one namespace (Node's server-side {@code Socket}). Packets and lifecycle changes are
 * handled on the session's event loop; the public methods may be called from any thread.
 */
final class NamespaceSocket implements Socket {

    private static final Logger log = LoggerFactory.getLogger(NamespaceSocket.class);
    private static final PacketEncoder ENCODER = new PacketEncoder();
    private static final int SWEEP_THRESHOLD = 256;

    private enum State { CONNECTING, RECOVERING, CONNECTED, CLOSED }

    /** Close reasons after which a session is saved for recovery (Node's {@code RECOVERABLE_DISCONNECT_REASONS}). */
    private static final Set<DisconnectReason> RECOVERABLE = EnumSet.of(DisconnectReason.TRANSPORT_ERROR,
            DisconnectReason.TRANSPORT_CLOSE, DisconnectReason.FORCED_CLOSE, DisconnectReason.PING_TIMEOUT,
            DisconnectReason.SERVER_SHUTTING_DOWN, DisconnectReason.FORCED_SERVER_CLOSE);

    private final String id;
    /** The private session id of connection state recovery (Node's {@code pid}); null when recovery is off. */
    private final String pid;
    private final boolean recovered;
    /** Frames delivered while recovering: written after the missed packets and the CONNECT reply. Loop-confined. */
    private List<Runnable> heldWrites;
    private final LocalNamespace nsp;
    private final ClientConnection client;
    private final Handshake handshake;
    /** The application's attachment (Node's {@code socket.data}); null until set, as most sockets never get one. */
    private volatile Object data;
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
    /** onAny listeners, event middlewares and error listeners: created on first use, most sockets have none. */
    private volatile List<AnyListener> anyListeners;
    /** onAnyOutgoing listeners and {@link #dataField} fields: created on first use, most sockets have none. */
    private volatile List<AnyListener> outgoingListeners;
    private volatile Map<String, Object> dataFields;
    private volatile List<java.util.function.Consumer<String>> upgradeListeners;
    private volatile List<EventMiddleware> eventMiddlewares;
    private volatile List<ErrorListener> errorListeners;
    private final List<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private final List<DisconnectListener> disconnectingListeners = new CopyOnWriteArrayList<>();
    /**
     * ack id -> callback for the client's ACK packet (own emitWithAck and broadcasts). Created on first use: most
     * sockets never wait for an ack, and an empty map per connection adds up.
     */
    private volatile Map<Long, PendingAck> acks;
    /** Guards state against concurrent join/leave from other threads. */
    private final Object lock = new Object();
    private volatile State state = State.CONNECTING;
    private volatile int sweepAt = SWEEP_THRESHOLD;

    NamespaceSocket(LocalNamespace nsp, ClientConnection client, Handshake handshake) {
        this.nsp = nsp;
        this.client = client;
        this.handshake = handshake;
        this.id = SocketIds.next();
        this.pid = nsp.recovery() == null ? null : SocketIds.next();
        this.recovered = false;
    }

    /**
     * A recovered socket (called where the adapter restores its session, on the adapter's thread): it takes the
     * session's ids and data and joins its rooms now, so that every broadcast after the client's offset either is
     * among the missed packets or reaches it live; live ones are held until {@link #finishRecovery}.
     */
    NamespaceSocket(LocalNamespace nsp, ClientConnection client, Handshake handshake, SavedSession session) {
        this.nsp = nsp;
        this.client = client;
        this.handshake = handshake;
        this.id = session.sid();
        this.pid = session.pid();
        this.recovered = true;
        this.data = session.data();
        this.heldWrites = new ArrayList<>();
        synchronized (lock) {
            state = State.RECOVERING;
            Set<String> rooms = new java.util.LinkedHashSet<>(session.rooms());
            rooms.add(id);
            nsp.adapter().addAll(id, rooms);
        }
        nsp.add(this);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Namespace namespace() {
        return nsp;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Object data() {
        return data;
    }

    @Override
    public void data(Object data) {
        this.data = data;
        sessionUpdated();
    }

    @Override
    public <T> T data(Class<T> type) {
        Object current = data;
        return current == null || type.isInstance(current) ? type.cast(current)
                : nsp.mapper().convertValue(current, type);
    }

    @Override
    public String connectionId() {
        return client.session().id();
    }

    @Override
    public void dataField(String name, Object value) {
        java.util.Objects.requireNonNull(name, "name must not be null");
        synchronized (lock) {
            Map<String, Object> fields = dataFields == null ? new java.util.LinkedHashMap<>()
                    : new java.util.LinkedHashMap<>(dataFields);
            if (value == null) {
                fields.remove(name);
            } else {
                fields.put(name, value);
            }
            dataFields = fields.isEmpty() ? null : java.util.Collections.unmodifiableMap(fields);
        }
    }

    @Override
    public Map<String, Object> dataFields() {
        Map<String, Object> fields = dataFields;
        return fields == null ? Map.of() : fields;
    }

    @Override
    public void onAnyOutgoing(AnyListener listener) {
        java.util.Objects.requireNonNull(listener, "listener must not be null");
        synchronized (lock) {
            if (outgoingListeners == null) {
                outgoingListeners = new CopyOnWriteArrayList<>();
            }
            outgoingListeners.add(listener);
        }
    }

    private void notifyOutgoing(String event, Object[] args) {
        List<AnyListener> outgoing = outgoingListeners;
        if (outgoing == null) {
            return;
        }
        List<Object> list = java.util.Arrays.asList(args.clone());
        for (AnyListener listener : outgoing) {
            try {
                listener.onAny(this, event, list);
            } catch (RuntimeException e) {
                log.warn("onAnyOutgoing listener failed for {} on {}", event, nsp.name(), e);
            }
        }
    }

    @Override
    public void onUpgrade(java.util.function.Consumer<String> listener) {
        java.util.Objects.requireNonNull(listener, "listener must not be null");
        synchronized (lock) {
            if (upgradeListeners == null) {
                upgradeListeners = new CopyOnWriteArrayList<>();
            }
            upgradeListeners.add(listener);
        }
    }

    void upgraded(String transport) {
        List<java.util.function.Consumer<String>> listeners = upgradeListeners;
        if (listeners == null) {
            return;
        }
        for (var listener : listeners) {
            try {
                listener.accept(transport);
            } catch (RuntimeException e) {
                log.warn("upgrade listener failed on {}", nsp.name(), e);
            }
        }
    }

    @Override
    public String transport() {
        return client.session().transport();
    }

    @Override
    public boolean connected() {
        return state == State.CONNECTED;
    }

    @Override
    public boolean recovered() {
        return recovered;
    }

    ClientConnection client() {
        return client;
    }

    @Override
    public void on(String event, EventListener listener) {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public <T> void on(String event, Class<T> type, TypedEventListener<T> listener) {
        Objects.requireNonNull(type, "type must not be null");
        on(event, new TypedListener<>(event, type, Objects.requireNonNull(listener, "listener must not be null")));
    }

    @Override
    public void off(String event, EventListener listener) {
        List<EventListener> forEvent = listeners.get(event);
        if (forEvent != null) {
            forEvent.remove(listener);
        }
    }

    @Override
    public void off(String event, TypedEventListener<?> listener) {
        List<EventListener> forEvent = listeners.get(event);
        if (forEvent != null) {
            forEvent.removeIf(l -> l instanceof TypedListener<?> typed && typed.listener == listener);
        }
    }

    @Override
    public void off(String event) {
        listeners.remove(event);
    }

    @Override
    public void onAny(AnyListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        synchronized (lock) {
            if (anyListeners == null) {
                anyListeners = new CopyOnWriteArrayList<>();
            }
            anyListeners.add(listener);
        }
    }

    @Override
    public void offAny(AnyListener listener) {
        List<AnyListener> any = anyListeners;
        if (any != null) {
            any.remove(listener);
        }
    }

    @Override
    public void offAny() {
        List<AnyListener> any = anyListeners;
        if (any != null) {
            any.clear();
        }
    }

    @Override
    public void use(EventMiddleware middleware) {
        Objects.requireNonNull(middleware, "middleware must not be null");
        synchronized (lock) {
            if (eventMiddlewares == null) {
                eventMiddlewares = new CopyOnWriteArrayList<>();
            }
            eventMiddlewares.add(middleware);
        }
    }

    @Override
    public void onError(ErrorListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        synchronized (lock) {
            if (errorListeners == null) {
                errorListeners = new CopyOnWriteArrayList<>();
            }
            errorListeners.add(listener);
        }
    }

    @Override
    public void onDisconnect(DisconnectListener listener) {
        disconnectListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void onDisconnecting(DisconnectListener listener) {
        disconnectingListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void emit(String event, Object... args) {
        emit(event, args, false);
    }

    private void emit(String event, Object[] args, boolean volatile_) {
        if (nsp.recovery() != null) {
            // as Node: through the adapter, to this socket's own room, so that the event gets an offset and can be
            // replayed (the client takes the last string argument of every event as its offset)
            nsp.adapter().broadcast(eventPacket(event, args, null), new BroadcastOptions(Set.of(id), Set.of(),
                    BroadcastFlags.DEFAULT.withVolatile(volatile_)));
        } else {
            write(ENCODER.encode(eventPacket(event, args, null)), volatile_);
        }
        nsp.observer().eventSent(nsp.name(), event);
        notifyOutgoing(event, args);
    }

    @Override
    public CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, Object... args) {
        return emitWithAck(event, timeout, false, args);
    }

    private CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, boolean volatile_,
                                                        Object[] args) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0");
        }
        long ackId = nsp.nextAckId();
        EncodedPacket frames = ENCODER.encode(eventPacket(event, args, ackId));
        CompletableFuture<List<Object>> future = new CompletableFuture<>();
        if (state == State.CLOSED) {
            future.completeExceptionally(new SocketIoException("socket has been disconnected"));
            return future;
        }
        Map<Long, PendingAck> acks = acks();
        acks.put(ackId, new PendingAck(future::complete, Long.MAX_VALUE, future));
        var timer = client.session().executor().schedule(() -> {
            acks.remove(ackId);
            future.completeExceptionally(new AckTimeoutException());
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        future.whenComplete((result, error) -> {
            timer.cancel(false);
            acks.remove(ackId);
        });
        write(frames, volatile_);
        nsp.observer().eventSent(nsp.name(), event);
        notifyOutgoing(event, args);
        return future;
    }

    @Override
    public SocketEmitter timeout(Duration timeout) {
        return new Emitter(false, null).timeout(timeout);
    }

    @Override
    public SocketEmitter volatile_() {
        return new Emitter(true, null);
    }

    @Override
    public SocketEmitter compress(boolean compress) {
        return new Emitter(false, null); // no per-message deflate yet: the hint has nothing to switch
    }

    private Packet eventPacket(String event, Object[] args, Long ackId) {
        return Packet.event(nsp.name(), event, args, ackId);
    }

    @Override
    public void join(String... rooms) {
        Set<String> names = Set.of(rooms);
        if (state == State.CLOSED) {
            return; // Node turns join into a no-op once the socket is cleaned up
        }
        RoomAuthorizer authorizer = nsp.roomAuthorizer();
        if (authorizer != RoomAuthorizer.ALLOW_ALL) {
            for (String room : rooms) { // check all first: a refused join(a, b) joins neither
                if (!room.equals(id) && !authorizer.mayJoin(this, room)) {
                    nsp.observer().joinDenied(nsp.name());
                    throw new RoomForbiddenException(room);
                }
            }
        }
        joinOnServerDecision(names);
    }

    /** Joins without asking the {@link RoomAuthorizer}: socketsJoin, another node's join, or a checked join. */
    void joinOnServerDecision(Set<String> rooms) {
        synchronized (lock) {
            if (state != State.CLOSED) { // Node turns join into a no-op once the socket is cleaned up
                nsp.adapter().addAll(id, rooms);
            }
        }
        sessionUpdated();
    }

    @Override
    public void leave(String... rooms) {
        synchronized (lock) {
            for (String room : rooms) {
                nsp.adapter().del(id, room);
            }
        }
        sessionUpdated();
    }

    @Override
    public Set<String> rooms() {
        return nsp.adapter().socketRooms(id);
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return broadcast().to(rooms);
    }

    @Override
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return broadcast().except(rooms);
    }

    @Override
    public BroadcastOperator broadcast() {
        return new BroadcastOperator(nsp.adapter(), Set.of(), Set.of(id), BroadcastFlags.DEFAULT);
    }

    @Override
    public void disconnect(boolean close) {
        client.runOnLoop(() -> {
            if (state != State.CONNECTED) {
                return;
            }
            if (close) {
                client.disconnectAll();
            } else {
                write(ENCODER.encode(new Packet(PacketType.DISCONNECT, nsp.name(), null, null)), false);
                onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
            }
        });
    }

    @Override
    public void closeTransport() {
        client.session().close(); // the engine reports the close back: the sockets leave with its reason
    }

    void write(EncodedPacket frames, boolean volatile_) {
        client.runOnLoop(() -> writeOnLoop(frames, volatile_));
    }

    EventExecutor executor() {
        return client.session().executor();
    }

    void writeOnLoop(EncodedPacket frames, boolean volatile_) {
        if (state == State.RECOVERING) {
            heldWrites.add(() -> client.writeOnLoop(frames, volatile_));
            return;
        }
        client.writeOnLoop(frames, volatile_);
    }

    void expectAck(long ackId, Consumer<List<Object>> callback, Long timeoutMillis) {
        if (state == State.CLOSED) {
            return;
        }
        long deadline = timeoutMillis == null ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Map<Long, PendingAck> acks = acks();
        if (acks.size() >= sweepAt) {
            sweepExpiredAcks();
            sweepAt = Math.max(SWEEP_THRESHOLD, acks.size() * 2); // keeps sweeping amortised O(1) per ack
        }
        acks.put(ackId, new PendingAck(callback, deadline, null));
    }

    /** Broadcast acks that a client never answers would pile up; drop the expired ones now and then. */
    private void sweepExpiredAcks() {
        long now = System.nanoTime();
        acks().values().removeIf(pending -> pending.expired(now));
    }

    private Map<Long, PendingAck> acks() {
        Map<Long, PendingAck> map = acks;
        if (map == null) {
            synchronized (lock) {
                if (acks == null) {
                    acks = new ConcurrentHashMap<>();
                }
                map = acks;
            }
        }
        return map;
    }

    /**
     * An awaited client ack; {@code deadlineNanos} is {@code Long.MAX_VALUE} when it never expires by itself.
     * {@code ownFuture} is set for this socket's own emitWithAck, failed when the socket disconnects.
     */
    private record PendingAck(Consumer<List<Object>> callback, long deadlineNanos,
                              CompletableFuture<List<Object>> ownFuture) {
        boolean expired(long now) {
            return deadlineNanos != Long.MAX_VALUE && now - deadlineNanos > 0;
        }
    }

    /** Connection accepted (on the loop): joins the own room and sends CONNECT with the id, before any event. */
    void onConnect() {
        synchronized (lock) {
            state = State.CONNECTED;
            nsp.adapter().addAll(id, Set.of(id));
        }
        nsp.add(this);
        client.writeOnLoop(connectReply(), false);
        sessionUpdated();
    }

    /**
     * Ends a recovery (on the loop): the missed packets, then the CONNECT reply (the client buffers events until
     * it is connected), then what was delivered live meanwhile, in that order.
     */
    void finishRecovery(List<List<Object>> missedPackets) {
        List<Runnable> held;
        synchronized (lock) {
            if (state != State.RECOVERING) {
                return;
            }
            state = State.CONNECTED;
            held = heldWrites;
            heldWrites = null;
        }
        for (List<Object> missed : missedPackets) {
            client.writeOnLoop(ENCODER.encode(new Packet(PacketType.EVENT, nsp.name(), missed, null)), false);
        }
        client.writeOnLoop(connectReply(), false);
        held.forEach(Runnable::run);
        sessionUpdated();
    }

    /** {@code {sid}}, plus {@code pid} with recovery on (Node's CONNECT reply). */
    private EncodedPacket connectReply() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sid", id);
        if (pid != null) {
            payload.put("pid", pid);
        }
        return ENCODER.encode(new Packet(PacketType.CONNECT, nsp.name(), payload, null));
    }

    /** This socket's state as recovery saves it: ids, rooms (own room included) and data in its JSON form. */
    private SavedSession savedSession() {
        Object json = null;
        Object current = data;
        if (current != null) {
            try {
                json = nsp.mapper().convertValue(current, Object.class);
            } catch (IllegalArgumentException e) {
                log.debug("data of {} is not JSON-mappable; saved without it", this, e);
            }
        }
        return new SavedSession(id, pid, Set.copyOf(nsp.adapter().socketRooms(id)), json);
    }

    /** Tells the adapter the session changed, for adapters that keep it current while connected. */
    private void sessionUpdated() {
        if (pid != null && state == State.CONNECTED) {
            nsp.adapter().sessionUpdated(savedSession());
        }
    }

    /** Connection refused or abandoned before it was accepted: forgets any room joined by middlewares. */
    void discard() {
        boolean wasRecovering;
        synchronized (lock) {
            wasRecovering = state == State.RECOVERING;
            state = State.CLOSED;
            nsp.adapter().delAll(id);
        }
        if (wasRecovering) {
            nsp.remove(this);
        }
    }

    /** A packet for this namespace arrived (on the loop). */
    void onPacket(Packet packet) {
        if (state != State.CONNECTED) {
            return;
        }
        switch (packet.type()) {
            case EVENT -> onEvent(packet);
            case ACK -> onAck(packet);
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            default -> log.debug("ignoring packet of type {} on {}", packet.type(), nsp.name());
        }
    }

    private void onEvent(Packet packet) {
        if (packet.data() == null) {
            return; // "2" without payload: Node emits an undefined event nobody listens to
        }
        List<?> payload = (List<?>) packet.data();
        String event = eventName(payload.get(0));
        nsp.observer().eventReceived(nsp.name(), event);
        RateLimitScope refusedBy = client.admitEvent(this);
        if (refusedBy != null) {
            refuse(event, packet.id(), refusedBy);
            return;
        }
        List<Object> args = Collections.unmodifiableList(new ArrayList<>(payload.subList(1, payload.size())));
        Ack ack = packet.id() == null ? Ack.NONE : new OnceAck(packet.id());
        List<EventMiddleware> middlewares = eventMiddlewares;
        if (middlewares == null || middlewares.isEmpty()) {
            dispatch(event, args, ack);
        } else {
            new EventChain(List.copyOf(middlewares), event, args, ack).step(0);
        }
    }

    /**
     * A rate limit refused the event: no middleware nor listener sees it, an ack request gets
     * {@code {"error":{"code":"rate_limited","message":...}}}, and the refusal counts towards closing a flooder.
     */
    private void refuse(String event, Long ackId, RateLimitScope scope) {
        nsp.observer().eventRateLimited(nsp.name(), event, scope);
        if (ackId != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", "rate_limited");
            error.put("message", scope == RateLimitScope.USER ? "too many events from this user; slow down"
                    : "too many events on this connection; slow down");
            List<Object> args = new ArrayList<>(1);
            args.add(Map.of("error", error));
            client.writeOnLoop(ENCODER.encode(new Packet(PacketType.ACK, nsp.name(), args, ackId)), false);
        }
        client.eventRefused();
    }

    /** Node's {@code socket.dispatch}: the onAny listeners, then the event's own. */
    private void dispatch(String event, List<Object> args, Ack ack) {
        if (state != State.CONNECTED) {
            return;
        }
        List<AnyListener> any = anyListeners;
        if (any != null) {
            for (AnyListener listener : any) {
                try {
                    listener.onAny(this, event, args);
                } catch (RuntimeException e) {
                    nsp.observer().eventDropped(nsp.name(), event, EventDropReason.LISTENER_ERROR);
                    log.warn("onAny listener on {} failed for event '{}'", nsp.name(), event, e);
                }
            }
        }
        List<EventListener> forEvent = listeners.get(event);
        if (forEvent == null) {
            return;
        }
        for (EventListener listener : forEvent) {
            try {
                listener.onEvent(this, args, ack);
            } catch (RuntimeException e) {
                nsp.observer().eventDropped(nsp.name(), event, EventDropReason.LISTENER_ERROR);
                log.warn("listener for event '{}' on {} failed", event, nsp.name(), e);
            }
        }
    }

    /** An event middleware refused an event: it reaches no listener, the error listeners are told (Node). */
    private void rejected(String event, String message) {
        nsp.observer().eventDropped(nsp.name(), event, EventDropReason.REJECTED);
        List<ErrorListener> errors = errorListeners;
        if (errors == null) {
            log.debug("event '{}' on {} rejected by a middleware: {}", event, nsp.name(), message);
            return;
        }
        SocketIoException error = new SocketIoException(message);
        for (ErrorListener listener : errors) {
            try {
                listener.onError(this, error);
            } catch (RuntimeException e) {
                log.warn("error listener on {} failed", nsp.name(), e);
            }
        }
    }

    /** JavaScript emits numeric event names under their string form. */
    private static String eventName(Object name) {
        if (name instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(name);
    }

    @SuppressWarnings("unchecked")
    private void onAck(Packet packet) {
        Map<Long, PendingAck> acks = this.acks;
        if (packet.id() == null || acks == null) {
            return;
        }
        PendingAck pending = acks.remove(packet.id());
        if (pending == null) {
            return;
        }
        List<Object> args = packet.data() == null ? List.of()
                : Collections.unmodifiableList((List<Object>) packet.data());
        try {
            pending.callback().accept(args);
        } catch (RuntimeException e) {
            log.warn("ack callback on {} failed", nsp.name(), e);
        }
    }

    /** Leaves the namespace (on the loop): rooms, registries, pending acks, then the disconnect listeners. */
    void onClose(DisconnectReason reason) {
        if (state != State.CONNECTED) {
            return;
        }
        notify(disconnectingListeners, reason);
        SavedSession session = null;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            if (pid != null && RECOVERABLE.contains(reason)) {
                session = savedSession(); // before the rooms are left
            }
            state = State.CLOSED;
            nsp.adapter().delAll(id);
        }
        if (session != null) {
            nsp.adapter().persistSession(session);
        } else if (pid != null) {
            nsp.adapter().sessionClosed(pid);
        }
        nsp.remove(this);
        client.remove(this);
        nsp.observer().disconnected(nsp.name(), reason);
        Map<Long, PendingAck> acks = this.acks;
        if (acks != null) {
            List<PendingAck> pending = List.copyOf(acks.values());
            acks.clear();
            SocketIoException disconnected = new SocketIoException("socket has been disconnected");
            for (PendingAck ack : pending) {
                if (ack.ownFuture() != null) {
                    ack.ownFuture().completeExceptionally(disconnected);
                }
            }
        }
        notify(disconnectListeners, reason);
    }

    private void notify(List<DisconnectListener> listeners, DisconnectReason reason) {
        for (DisconnectListener listener : listeners) {
            try {
                listener.onDisconnect(this, reason);
            } catch (RuntimeException e) {
                log.warn("disconnect listener on {} failed", nsp.name(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "Socket[" + nsp.name() + " " + id + "]";
    }

    /** Answers one client ack request; only the first call sends (Node's {@code socket.ack}). */
    private final class OnceAck implements Ack {
        private final long ackId;
        private final AtomicBoolean sent = new AtomicBoolean();

        OnceAck(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public void send(Object... args) {
            if (sent.compareAndSet(false, true)) {
                Packet packet = new Packet(PacketType.ACK, nsp.name(), new ArrayList<>(Arrays.asList(args)), ackId);
                write(ENCODER.encode(packet), false);
            }
        }
    }

    /**
     * Runs the socket's event middlewares for one event, each step on the session's loop (Node's
     * {@code socket.run}); the first call of each step's {@link io.roomcast.socketio.Next} wins.
     */
    private final class EventChain {
        private final List<EventMiddleware> middlewares;
        private final String event;
        private final List<Object> args;
        private final Ack ack;

        EventChain(List<EventMiddleware> middlewares, String event, List<Object> args, Ack ack) {
            this.middlewares = middlewares;
            this.event = event;
            this.args = args;
            this.ack = ack;
        }

        void step(int index) {
            if (index == middlewares.size()) {
                dispatch(event, args, ack);
                return;
            }
            AtomicBoolean called = new AtomicBoolean();
            io.roomcast.socketio.Next next = new io.roomcast.socketio.Next() {
                @Override
                public void proceed() {
                    if (called.compareAndSet(false, true)) {
                        client.runOnLoop(() -> step(index + 1));
                    }
                }

                @Override
                public void reject(String message, Object data) {
                    if (called.compareAndSet(false, true)) {
                        client.runOnLoop(() -> rejected(event, message));
                    }
                }
            };
            try {
                middlewares.get(index).handle(NamespaceSocket.this, event, args, next);
            } catch (RuntimeException e) {
                log.warn("event middleware on {} failed; dropping event '{}'", nsp.name(), event, e);
                next.reject(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null);
            }
        }
    }

    /**
     * A typed listener: maps the first argument with the server's Jackson mapper, and answers a payload that does
     * not map with an error ack (or drops and counts it) instead of calling the listener.
     */
    private final class TypedListener<T> implements EventListener {
        private final String event;
        private final Class<T> type;
        final TypedEventListener<T> listener;

        TypedListener(String event, Class<T> type, TypedEventListener<T> listener) {
            this.event = event;
            this.type = type;
            this.listener = listener;
        }

        @Override
        public void onEvent(Socket socket, List<Object> args, Ack ack) {
            T payload;
            try {
                payload = map(args);
            } catch (IllegalArgumentException e) {
                nsp.observer().eventDropped(nsp.name(), event, EventDropReason.INVALID_PAYLOAD);
                log.debug("payload of '{}' on {} does not map to {}: {}", event, nsp.name(), type.getName(),
                        e.getMessage());
                ack.send(Map.of("error", invalidPayload(event)));
                return;
            }
            listener.onEvent(socket, payload, ack);
        }

        /** {@code {code, message}} in this order, as the chat's error acks. */
        private static Map<String, Object> invalidPayload(String event) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", "invalid_payload");
            error.put("message", "the payload of '" + event + "' is not valid");
            return error;
        }

        private T map(List<Object> args) {
            if (type == Void.class) {
                return null;
            }
            Object first = args.isEmpty() ? null : args.get(0);
            if (first == null) {
                throw new IllegalArgumentException("no payload");
            }
            return type.isInstance(first) ? type.cast(first) : nsp.mapper().convertValue(first, type);
        }
    }

    /** An emit to this socket with flags (Node's {@code socket.volatile}, {@code socket.timeout}). */
    private final class Emitter implements SocketEmitter {
        private final boolean volatile_;
        private final Duration timeout;

        Emitter(boolean volatile_, Duration timeout) {
            this.volatile_ = volatile_;
            this.timeout = timeout;
        }

        @Override
        public SocketEmitter volatile_() {
            return new Emitter(true, timeout);
        }

        @Override
        public SocketEmitter timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be >= 0");
            }
            return new Emitter(volatile_, timeout);
        }

        @Override
        public SocketEmitter compress(boolean compress) {
            return this;
        }

        @Override
        public void emit(String event, Object... args) {
            NamespaceSocket.this.emit(event, args, volatile_);
        }

        @Override
        public CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
            if (timeout == null) {
                throw new IllegalStateException("emitWithAck needs timeout(...)");
            }
            return NamespaceSocket.this.emitWithAck(event, timeout, volatile_, args);
        }

        @Override
        public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
            return emitWithAck(event, args).thenApply(response -> {
                Object first = response.isEmpty() ? null : response.get(0);
                return first == null || type.isInstance(first) ? type.cast(first)
                        : nsp.mapper().convertValue(first, type);
            });
        }
    }
}

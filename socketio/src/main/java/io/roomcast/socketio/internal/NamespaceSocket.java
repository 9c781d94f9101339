package io.roomcast.socketio.internal;

import io.netty.util.concurrent.EventExecutor;
import io.roomcast.socketio.AckTimeoutException;
import io.roomcast.socketio.BroadcastFlags;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.DisconnectListener;
import io.roomcast.socketio.EventListener;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.SocketIoException;
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
final class NamespaceSocket implements LocalSocket {

    private static final Logger log = LoggerFactory.getLogger(NamespaceSocket.class);
    private static final PacketEncoder ENCODER = new PacketEncoder();
    private static final int SWEEP_THRESHOLD = 256;

    private enum State { CONNECTING, CONNECTED, CLOSED }

    private final String id = SocketIds.next();
    private final LocalNamespace nsp;
    private final ClientConnection client;
    private final Handshake handshake;
    private final Map<String, Object> data = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
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
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public String transport() {
        return client.session().transport();
    }

    @Override
    public boolean connected() {
        return state == State.CONNECTED;
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
    public void onDisconnect(DisconnectListener listener) {
        disconnectListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void onDisconnecting(DisconnectListener listener) {
        disconnectingListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void emit(String event, Object... args) {
        write(ENCODER.encode(eventPacket(event, args, null)), false);
        nsp.observer().eventSent(nsp.name(), event);
    }

    @Override
    public CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, Object... args) {
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
        write(frames, false);
        nsp.observer().eventSent(nsp.name(), event);
        return future;
    }

    private Packet eventPacket(String event, Object[] args, Long ackId) {
        ReservedEvents.check(event);
        List<Object> payload = new ArrayList<>(args.length + 1);
        payload.add(event);
        payload.addAll(Arrays.asList(args));
        return new Packet(PacketType.EVENT, nsp.name(), payload, ackId);
    }

    @Override
    public void join(String... rooms) {
        synchronized (lock) {
            if (state != State.CLOSED) { // Node turns join into a no-op once the socket is cleaned up
                nsp.adapter().addAll(id, Set.of(rooms));
            }
        }
    }

    @Override
    public void leave(String... rooms) {
        synchronized (lock) {
            for (String room : rooms) {
                nsp.adapter().del(id, room);
            }
        }
    }

    @Override
    public Set<String> rooms() {
        return nsp.adapter().socketRooms(id);
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return new BroadcastOperator(nsp.adapter(), Set.of(rooms), Set.of(id), BroadcastFlags.DEFAULT);
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
                onClose("server namespace disconnect");
            }
        });
    }

    @Override
    public void write(EncodedPacket frames, boolean volatile_) {
        client.write(frames, volatile_);
    }

    @Override
    public EventExecutor executor() {
        return client.session().executor();
    }

    @Override
    public void writeOnLoop(EncodedPacket frames, boolean volatile_) {
        client.writeOnLoop(frames, volatile_);
    }

    @Override
    public void expectAck(long ackId, Consumer<List<Object>> callback, Long timeoutMillis) {
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
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sid", id);
        write(ENCODER.encode(new Packet(PacketType.CONNECT, nsp.name(), payload, null)), false);
    }

    /** Connection refused or abandoned before it was accepted: forgets any room joined by middlewares. */
    void discard() {
        synchronized (lock) {
            state = State.CLOSED;
            nsp.adapter().delAll(id);
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
            case DISCONNECT -> onClose("client namespace disconnect");
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
        List<EventListener> forEvent = listeners.get(event);
        if (forEvent == null || forEvent.isEmpty()) {
            return;
        }
        List<Object> args = Collections.unmodifiableList(new ArrayList<>(payload.subList(1, payload.size())));
        OnceAck ack = packet.id() == null ? null : new OnceAck(packet.id());
        for (EventListener listener : forEvent) {
            try {
                listener.onEvent(this, args, ack);
            } catch (RuntimeException e) {
                log.warn("listener for event '{}' on {} failed", event, nsp.name(), e);
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
    void onClose(String reason) {
        if (state != State.CONNECTED) {
            return;
        }
        notify(disconnectingListeners, reason);
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            state = State.CLOSED;
            nsp.adapter().delAll(id);
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

    private void notify(List<DisconnectListener> listeners, String reason) {
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
    private final class OnceAck implements io.roomcast.socketio.Ack {
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
}

package io.roomcast.socketio.adapter;

import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoObserver;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.roomcast.socketio.protocol.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Room bookkeeping and delivery for one namespace on this node: the in-memory adapter of Node's
 * {@code socket.io-adapter} ({@code lib/in-memory-adapter.ts}), with the same semantics.
 *
 * <p>This is the adapter SPI: application code never holds an adapter (namespaces offer every operation). Cluster
 * adapters extend this class: override the public operations to forward them to other nodes and call {@code super}
 * for the local part; {@link #apply}, {@link #encode} and {@link #deliver} are the local building blocks, and
 * {@link #context()} is all an adapter may do with its namespace. All methods may be called from any thread; the
 * room maps are concurrent and each socket's membership changes atomically.
 */
public class Adapter {

    private static final Logger log = LoggerFactory.getLogger(Adapter.class);

    private final AdapterContext context;
    private final PacketEncoder encoder = new PacketEncoder();
    /** room -> socket ids (Node's {@code rooms}). */
    private final ConcurrentMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
    /** socket id -> rooms (Node's {@code sids}); also the list of every local socket. */
    private final ConcurrentMap<String, Set<String>> sids = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsView = new ReadOnlyRooms(rooms);
    /** Sessions and offset packets when connection state recovery is on (Node's SessionAwareAdapter); else null. */
    private final InMemorySessions sessions;

    public Adapter(AdapterContext context) {
        this.context = Objects.requireNonNull(context, "context must not be null");
        this.sessions = context.connectionStateRecovery() == null ? null
                : new InMemorySessions(context.connectionStateRecovery().maxDisconnectionDuration());
    }

    /** The namespace this adapter serves, as far as an adapter may see it. */
    public AdapterContext context() {
        return context;
    }

    /** The namespace's name. */
    public String namespace() {
        return context.namespace();
    }

    /** Called once after the namespace created this adapter; cluster adapters subscribe here. */
    public void init() {
    }

    /** Adds a socket to rooms. */
    public void addAll(String socketId, Set<String> rooms) {
        List<String> created = new ArrayList<>(0);
        List<String> entered = new ArrayList<>(0);
        sids.compute(socketId, (id, joined) -> {
            Set<String> result = joined == null ? ConcurrentHashMap.newKeySet() : joined;
            for (String room : rooms) {
                if (result.add(room)) {
                    entered.add(room);
                }
                // compute, not computeIfAbsent + add: a concurrent removeFromRoom could drop the set in between
                this.rooms.compute(room, (r, members) -> {
                    Set<String> set = members == null ? ConcurrentHashMap.<String>newKeySet() : members;
                    if (members == null) {
                        created.add(r);
                    }
                    set.add(id);
                    return set;
                });
            }
            return result;
        });
        created.forEach(this::roomCreated);
        for (String room : entered) {
            context.joinedRoom(room, socketId);
        }
    }

    /** Removes a socket from one room; the room disappears when it becomes empty. */
    public void del(String socketId, String room) {
        boolean[] deleted = new boolean[1];
        boolean[] left = new boolean[1];
        sids.compute(socketId, (id, joined) -> {
            if (joined != null) {
                left[0] = joined.remove(room);
            }
            deleted[0] = removeFromRoom(room, id);
            return joined;
        });
        if (deleted[0]) {
            roomDeleted(room);
        }
        if (left[0]) {
            context.leftRoom(room, socketId);
        }
    }

    /** Removes a socket from all its rooms (on disconnect). */
    public void delAll(String socketId) {
        List<String> deleted = new ArrayList<>(0);
        List<String> left = new ArrayList<>(0);
        sids.computeIfPresent(socketId, (id, joined) -> {
            for (String room : joined) {
                left.add(room);
                if (removeFromRoom(room, id)) {
                    deleted.add(room);
                }
            }
            return null;
        });
        deleted.forEach(this::roomDeleted);
        for (String room : left) {
            context.leftRoom(room, socketId);
        }
    }

    /** Whether the room was deleted because its last member left. */
    private boolean removeFromRoom(String room, String socketId) {
        boolean[] deleted = new boolean[1];
        rooms.computeIfPresent(room, (r, members) -> {
            members.remove(socketId);
            deleted[0] = members.isEmpty();
            return deleted[0] ? null : members;
        });
        return deleted[0];
    }

    /**
     * Called after a room got its first local member (Node's {@code "create-room"} event), outside any lock of
     * this adapter; cluster adapters subscribe the room's channel here. Creations and deletions of one room may be
     * reported out of order by concurrent threads: act on {@link #hasRoom(String)}, which is always current.
     */
    protected void roomCreated(String room) {
    }

    /** Called after the last local member left a room (Node's {@code "delete-room"}); see {@link #roomCreated}. */
    protected void roomDeleted(String room) {
    }

    /** Whether the room has a local member right now. */
    public boolean hasRoom(String room) {
        return rooms.containsKey(room);
    }

    /** Whether a socket with this id is connected to this namespace on this node (Node's {@code sids.has}). */
    public boolean hasSocket(String id) {
        return sids.containsKey(id);
    }

    /**
     * Sends a packet to the matching local sockets; it is encoded once and the same frames go to each socket. This
     * is a broadcast published on this node (cluster adapters also send it to the other nodes).
     */
    public void broadcast(Packet packet, BroadcastOptions opts) {
        observer().broadcastPublished(context.namespace());
        if (sessions != null && takesOffset(packet, opts)) {
            // offset and hand-off under one lock: a socket must get packets in offset order, or its last offset
            // could name a packet newer than one it never got, and a restore would skip that one
            sessions.logged(packet, opts, logged -> deliverBroadcast(logged, opts, false));
            return;
        }
        deliverBroadcast(packet, opts, false);
    }

    /**
     * Delivers a broadcast to the matching local sockets, as {@link #broadcast} does for its local part, and
     * reports it to the {@link SocketIoObserver} once (how many sockets, how long).
     *
     * @param remote whether another node published it: cluster adapters pass true for received broadcasts
     */
    protected void deliverBroadcast(Packet packet, BroadcastOptions opts, boolean remote) {
        long start = System.nanoTime();
        deliverEncoded(encode(packet.withNsp(context.namespace())), eventName(packet), opts, remote, start);
    }

    /**
     * As {@link #deliverBroadcast(Packet, BroadcastOptions, boolean)}, for a broadcast whose frames are encoded
     * already (for this namespace): a cluster adapter that decodes another node's broadcast straight into frames.
     *
     * @param event the event name, for the observer; null when the packet has none
     */
    protected void deliverBroadcast(EncodedPacket frames, String event, BroadcastOptions opts, boolean remote) {
        deliverEncoded(frames, event, opts, remote, System.nanoTime());
    }

    private void deliverEncoded(EncodedPacket frames, String event, BroadcastOptions opts, boolean remote,
                                long start) {
        AdapterContext.Delivery delivery = context.delivery(frames, opts.flags().volatile_());
        apply(opts, delivery::add);
        delivery.send();
        observer().broadcastDelivered(context.namespace(), remote, event, delivery.count(),
                System.nanoTime() - start);
    }

    /**
     * Sends a packet that asks for acknowledgements: {@code clientCount} receives how many local sockets were
     * targeted, then {@code ack} receives each client's ack arguments as they arrive.
     */
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount,
                                 Consumer<List<Object>> ack) {
        observer().broadcastPublished(context.namespace());
        deliverBroadcastWithAck(packet, opts, clientCount, ack, false);
    }

    /**
     * The local part of {@link #broadcastWithAck}, reported to the {@link SocketIoObserver} once.
     *
     * @param remote whether another node published it: cluster adapters pass true for received requests
     */
    protected void deliverBroadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount,
                                           Consumer<List<Object>> ack, boolean remote) {
        long start = System.nanoTime();
        long id = nextAckId();
        EncodedPacket frames = encode(packet.withNsp(context.namespace()).withId(id));
        List<Socket> targets = new ArrayList<>();
        apply(opts, targets::add);
        // The count goes out before the packet does: once delivered, a client's ack may be answered (and published,
        // from its event loop) before this thread gets to the count, and the requester must see the count first.
        clientCount.accept(targets.size());
        for (Socket socket : targets) {
            context.expectAck(socket, id, ack, opts.flags().timeoutMillis());
            deliver(socket, frames, opts.flags());
        }
        long nanos = System.nanoTime() - start;
        observer().broadcastDelivered(context.namespace(), remote, eventName(packet), targets.size(), nanos);
    }

    /** Ids of the local sockets in any of the rooms (all local sockets when {@code rooms} is empty). */
    public Set<String> sockets(Set<String> rooms) {
        Set<String> ids = new LinkedHashSet<>();
        apply(new BroadcastOptions(rooms, Set.of(), BroadcastFlags.DEFAULT), socket -> ids.add(socket.id()));
        return ids;
    }

    /**
     * Rooms of a local socket, as a read-only live view (Node's {@code socketRooms} returns its own set too): a
     * membership check per message must not copy the set of a socket in thousands of rooms. Empty when unknown.
     */
    public Set<String> socketRooms(String id) {
        Set<String> joined = sids.get(id);
        return joined == null ? Set.of() : Collections.unmodifiableSet(joined);
    }

    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> found = new ArrayList<>();
        apply(opts, found::add);
        return CompletableFuture.completedFuture(found);
    }

    /** Makes the matching sockets join the rooms: the server's decision, so no {@code RoomAuthorizer} is asked. */
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        Set<String> names = Set.copyOf(rooms);
        apply(opts, socket -> context.join(socket, names));
    }

    /** Makes the matching sockets leave the rooms. */
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        String[] names = rooms.toArray(String[]::new);
        apply(opts, socket -> socket.leave(names));
    }

    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        apply(opts, socket -> socket.disconnect(close));
    }

    /** Sends {@code [event, ...args]} to the other nodes' namespaces; the in-memory adapter has none (Node warns). */
    public void serverSideEmit(List<Object> packet) {
        log.warn("this adapter does not support the serverSideEmit() functionality");
    }

    /**
     * Sends {@code [event, ...args]} to the other nodes and collects the first ack argument of each; the in-memory
     * adapter has no other node, so the list is empty.
     */
    public CompletableFuture<List<Object>> serverSideEmitWithAck(List<Object> packet) {
        return CompletableFuture.completedFuture(List.of());
    }

    /** Every room with a socket on any node (socket id rooms included, as in Node); here the local ones. */
    public CompletableFuture<Set<String>> allRooms() {
        return CompletableFuture.completedFuture(rooms());
    }

    /** Number of nodes serving this namespace, this one included. */
    public CompletableFuture<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    /** Each room of a local socket with its local members, read-only and live (Node's {@code adapter.rooms}). */
    public Map<String, Set<String>> roomsView() {
        return roomsView;
    }

    /** Every room that has at least one local socket (socket ids included, as in Node). */
    public Set<String> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    // ---------------------------------------------------------------- connection state recovery

    /**
     * Whether this adapter can save and restore sessions ({@link #persistSession}, {@link #restoreSession}). The
     * in-memory adapter can; a cluster adapter that cannot (the classic Redis adapter, as Node's) says false, and
     * the server then refuses to start with recovery on.
     */
    public boolean supportsConnectionStateRecovery() {
        return true;
    }

    /**
     * Whether a broadcast packet gets an offset appended as its last argument: recovery is on, it is an EVENT, it
     * asks for no ack and it is not volatile (Node's rule, socket.io-adapter {@code shouldIncludePacket}'s caller).
     */
    protected boolean takesOffset(Packet packet, BroadcastOptions opts) {
        return context.connectionStateRecovery() != null
                && (packet.type() == PacketType.EVENT || packet.type() == PacketType.BINARY_EVENT)
                && packet.id() == null && !opts.flags().volatile_() && packet.data() instanceof List<?>;
    }

    /** The packet with {@code offset} appended to its arguments, as the client reads it. */
    protected static Packet withOffset(Packet packet, String offset) {
        List<Object> data = new ArrayList<>((List<?>) packet.data());
        data.add(offset);
        return new Packet(packet.type(), packet.nsp(), data, packet.id());
    }

    /**
     * Whether a saved session (its rooms) gets a logged broadcast with these options: in one of the rooms (any
     * when there are none) and in none of the except rooms (Node's {@code shouldIncludePacket}).
     */
    protected static boolean shouldInclude(Set<String> sessionRooms, Set<String> rooms, Set<String> except) {
        boolean included = rooms.isEmpty();
        for (String room : sessionRooms) {
            if (except.contains(room)) {
                return false;
            }
            included |= rooms.contains(room);
        }
        return included;
    }

    /**
     * Keeps the session of a socket that closed for a recoverable reason, for {@code maxDisconnectionDuration}
     * (Node's {@code persistSession}). Must not block; failures are logged, never thrown.
     */
    public void persistSession(SavedSession session) {
        if (sessions == null) {
            return;
        }
        sessions.persist(session);
    }

    /**
     * Takes the saved session of {@code pid} (at most once) and the events it missed after {@code offset} (Node's
     * {@code restoreSession}). As soon as the session is taken, and before the missed events are collected,
     * {@code joinRooms} is called with it, atomically with respect to this adapter's deliveries: every event after
     * {@code offset} is then either among the missed ones or delivered live, never both and never neither.
     */
    public CompletableFuture<SessionRestore> restoreSession(String pid, String offset,
                                                            Consumer<SavedSession> joinRooms) {
        if (sessions == null) {
            return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.UNKNOWN));
        }
        return CompletableFuture.completedFuture(sessions.restore(pid, offset, joinRooms));
    }

    /**
     * A connected socket's rooms or data changed (or it just connected), with recovery on: adapters that keep a
     * session current while its socket is connected (so that it survives the loss of its node) write it here.
     * Called often; must not block. Nothing to do in memory.
     */
    public void sessionUpdated(SavedSession session) {
    }

    /**
     * A socket with recovery on left for good (its client disconnected, or the server disconnected it from the
     * namespace): nothing is saved, and what {@link #sessionUpdated} kept can be forgotten. Nothing to do in memory.
     */
    public void sessionClosed(String pid) {
    }

    /** Releases resources when the server closes; nothing to do in memory. */
    public void close() {
    }

    /**
     * Calls {@code action} once for each local socket matched by {@code opts}: in any of the rooms (every socket
     * when there are none) and in none of the except rooms.
     */
    protected void apply(BroadcastOptions opts, Consumer<Socket> action) {
        Set<String> excluded = opts.except().isEmpty() ? Set.of() : socketsIn(opts.except());
        Map<String, Socket> sockets = context.sockets();
        if (opts.rooms().isEmpty()) {
            for (String id : sids.keySet()) {
                if (!excluded.contains(id)) {
                    Socket socket = sockets.get(id);
                    if (socket != null) {
                        action.accept(socket);
                    }
                }
            }
            return;
        }
        if (opts.rooms().size() == 1) {
            // the common case (to(room)): a set has no duplicates, so no visited set is needed
            Set<String> members = rooms.get(opts.rooms().iterator().next());
            if (members != null) {
                for (String id : members) {
                    Socket socket = excluded.contains(id) ? null : sockets.get(id);
                    if (socket != null) {
                        action.accept(socket);
                    }
                }
            }
            return;
        }
        Set<String> visited = new HashSet<>();
        for (String room : opts.rooms()) {
            Set<String> members = rooms.get(room);
            if (members == null) {
                continue;
            }
            for (String id : members) {
                if (excluded.contains(id) || visited.contains(id)) {
                    continue;
                }
                Socket socket = sockets.get(id);
                if (socket != null) {
                    visited.add(id);
                    action.accept(socket);
                }
            }
        }
    }

    private Set<String> socketsIn(Set<String> exceptRooms) {
        Set<String> ids = new HashSet<>();
        for (String room : exceptRooms) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                ids.addAll(members);
            }
        }
        return ids;
    }

    /** Encodes a packet into the frames written to every receiving socket. */
    protected EncodedPacket encode(Packet packet) {
        return encoder.encode(packet);
    }

    /** Writes already encoded frames to one local socket, honouring the volatile flag. */
    protected void deliver(Socket socket, EncodedPacket frames, BroadcastFlags flags) {
        AdapterContext.Delivery delivery = context.delivery(frames, flags.volatile_());
        delivery.add(socket);
        delivery.send();
    }

    /** Told about broadcasts: the namespace's observer. */
    protected SocketIoObserver observer() {
        return context.observer();
    }

    /** The event name of an EVENT packet ({@code [name, ...args]}), or null. */
    private static String eventName(Packet packet) {
        return packet.data() instanceof List<?> data && !data.isEmpty() && data.get(0) instanceof String name
                ? name : null;
    }

    /** Allocates an ack id from the namespace's counter, shared with {@code socket.emitWithAck}. */
    protected long nextAckId() {
        return context.nextAckId();
    }
}

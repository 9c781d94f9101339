package io.roomcast.socketio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A Socket.IO namespace (Node's {@code Namespace}): its middlewares, connection listeners, sockets, and every
 * operation on its sockets across the cluster. With the in-memory adapter (no cluster) the cluster operations
 * behave as in a cluster of one node, as in Node. Thread-safe.
 *
 * <pre>{@code
 * Namespace chat = io.of("/chat");
 * chat.use((socket, next) -> next.proceed());
 * chat.onConnection(socket -> socket.join("lobby"));
 * chat.to("lobby").emit("news", "hello");            // every node
 * chat.fetchSockets().thenAccept(all -> ...);        // every node
 * }</pre>
 */
public interface Namespace {

    /** Name with leading slash, e.g. {@code /} or {@code /chat}. */
    String name();

    /** Adds a connect middleware; middlewares run in the order they were added. */
    void use(Middleware middleware);

    void onConnection(ConnectionListener listener);

    /**
     * Sets who may join which room with {@link Socket#join} (replacing the previous authorizer); the default,
     * {@link RoomAuthorizer#ALLOW_ALL}, allows every room as Node does (a child of a {@link ParentNamespace} uses
     * the parent's until it gets its own). Joins the server decides on
     * ({@link #socketsJoin}, another node's requests) are not checked: see {@link RoomAuthorizer}.
     */
    void authorizeJoins(RoomAuthorizer authorizer);

    /** Sockets of this node connected to this namespace, by id (a read-only live view). */
    Map<String, Socket> sockets();

    /**
     * The rooms of this node's sockets, each with the ids of its local members (Node's {@code nsp.adapter.rooms}); a
     * read-only live view. Every socket is in the room named after its id. For every node see {@link #allRooms()}.
     */
    Map<String, Set<String>> localRooms();

    /** Targets the sockets in these rooms; a socket in several of them gets each event once. */
    BroadcastOperator to(String... rooms);

    /** Same as {@link #to}. */
    BroadcastOperator in(String... rooms);

    /** Targets every socket except those in these rooms (a socket id is a room too). */
    BroadcastOperator except(String... rooms);

    /** Targets the sockets of this node only; nothing goes to the other nodes. */
    BroadcastOperator local();

    BroadcastOperator compress(boolean compress);

    /** Node's {@code io.volatile}: skip sockets that cannot take more data right now. */
    BroadcastOperator volatile_();

    /** For {@code emitWithAck}: one ack per client on every node, or a failure after the timeout. */
    BroadcastOperator timeout(Duration timeout);

    /** Sends an event to every socket of the namespace, on every node. */
    void emit(String event, Object... args);

    /** Every socket of the namespace, on every node (Node's {@code namespace.fetchSockets()}). */
    CompletableFuture<List<RemoteSocket>> fetchSockets();

    /** Makes every socket of the namespace, on every node, join the rooms. */
    void socketsJoin(String... rooms);

    /** Makes every socket of the namespace, on every node, leave the rooms. */
    void socketsLeave(String... rooms);

    /** Disconnects every socket of the namespace on every node; with {@code close} their connections close too. */
    void disconnectSockets(boolean close);

    /** Sends an event to the other servers of this namespace (not to this one), see {@link #onServerSideEmit}. */
    void serverSideEmit(String event, Object... args);

    /**
     * Sends an event to the other servers and collects one answer (the first ack argument) from each; completes
     * with an empty list when there is no other server, fails with an {@link AckTimeoutException} holding the
     * answers so far after the adapter's request timeout.
     */
    CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args);

    /** Receives the events other servers send with {@link #serverSideEmit}. */
    void onServerSideEmit(ServerSideEmitListener listener);

    /** Number of servers serving this namespace, this one included. */
    CompletableFuture<Integer> serverCount();

    /** Every room with a socket on any server, socket id rooms included. */
    CompletableFuture<Set<String>> allRooms();

    /**
     * Told each time a socket of this node joins a room it was not in, its own id room included (Node's
     * {@code nsp.adapter.on("join-room")}).
     */
    void onJoinRoom(RoomListener listener);

    /**
     * Told each time a socket of this node leaves a room, also when it leaves all of them on disconnect (Node's
     * {@code nsp.adapter.on("leave-room")}).
     */
    void onLeaveRoom(RoomListener listener);
}

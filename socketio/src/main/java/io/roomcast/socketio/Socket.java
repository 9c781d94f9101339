package io.roomcast.socketio;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A client's connection to one namespace (Node's server-side {@code Socket}). Thread-safe; listeners run on the
 * Engine.IO session's event loop and must not block it.
 *
 * <pre>{@code
 * socket.on("move", Move.class, (s, move, ack) -> {
 *     s.volatile_().to(s.data(Player.class).board()).emit("cursor", move);
 *     ack.send(Map.of("ok", true));   // a no-op when the client asked for no ack
 * });
 * }</pre>
 */
public interface Socket extends RemoteSocket {

    /** Per-namespace id: 20 random URL-safe characters; also the name of a room the socket is always in. */
    @Override
    String id();

    Namespace namespace();

    /** Replaces the application's attachment (Node's {@code socket.data = ...}); visible to other nodes' {@code fetchSockets}. */
    void data(Object data);

    /**
     * The id of the client's Engine.IO connection (Node's {@code socket.conn.id}), shared by its sockets in every
     * namespace. It is the session's secret: show at most a prefix of it.
     */
    String connectionId();

    /**
     * Sets a field that other nodes' {@code fetchSockets} see inside this socket's {@link #data()} (merged into its
     * JSON form, which must then be an object or unset), without changing {@link #data()} here; a null value removes
     * it. For instrumentation that Node keeps in {@code socket.data} itself, e.g. the Admin UI's {@code _admin}.
     * There, {@link RemoteSocket#data(Class)} meets it as an unknown property: the default mapper ignores those, a
     * mapper of the application's must too.
     */
    void dataField(String name, Object value);

    /** The fields set with {@link #dataField}, a read-only snapshot (empty when none). */
    java.util.Map<String, Object> dataFields();

    /**
     * Told the new transport's name when the connection upgrades, e.g. to {@code websocket} (Node's
     * {@code socket.conn.on("upgrade")}); on the session's event loop.
     */
    void onUpgrade(java.util.function.Consumer<String> listener);

    /** Current Engine.IO transport: {@code polling} or {@code websocket}. */
    String transport();

    boolean connected();

    /**
     * Whether this socket was recovered by connection state recovery (Node's {@code socket.recovered}): it kept the
     * id, rooms and data of an earlier connection and got the events it missed.
     */
    boolean recovered();

    /** Adds a listener for a client event with its raw arguments; several listeners for one event all run, in order. */
    void on(String event, EventListener listener);

    /**
     * Adds a listener for a client event whose first argument is mapped to {@code type} with Jackson. When the payload
     * does not map, the listener is not called: a client that asked for an ack gets
     * {@code {"error":{"code":"invalid_payload","message":...}}}, otherwise the event is dropped and counted
     * ({@link SocketIoObserver#eventDropped}). {@code Void.class} takes any payload and passes null.
     */
    <T> void on(String event, Class<T> type, TypedEventListener<T> listener);

    /** Removes a listener added with {@link #on(String, EventListener)}. */
    void off(String event, EventListener listener);

    /** Removes a listener added with {@link #on(String, Class, TypedEventListener)}. */
    void off(String event, TypedEventListener<?> listener);

    /** Removes every listener of an event. */
    void off(String event);

    /** Adds a listener for every client event, called before the event's own listeners (Node's {@code onAny}). */
    void onAny(AnyListener listener);

    /** Removes a listener added with {@link #onAny}. */
    void offAny(AnyListener listener);

    /** Removes every listener added with {@link #onAny}. */
    void offAny();

    /**
     * Adds a listener for every event this node sends to this client with {@link #emit} or {@link #emitWithAck}
     * (Node's {@code onAnyOutgoing}); broadcasts that reach the socket are not reported.
     */
    void onAnyOutgoing(AnyListener listener);

    /** Adds an event middleware (Node's {@code socket.use}); they run in the order they were added. */
    void use(EventMiddleware middleware);

    /** Told when an {@link EventMiddleware} rejects an event (Node's {@code socket.on("error")}). */
    void onError(ErrorListener listener);

    void onDisconnect(DisconnectListener listener);

    /** Called just before the socket leaves its rooms on disconnect, with the same reason (Node's "disconnecting"). */
    void onDisconnecting(DisconnectListener listener);

    /** Sends an event to this client; {@code byte[]} anywhere in the args becomes a binary attachment. */
    @Override
    void emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement; the future completes with the client's ack
     * arguments, or fails with {@link AckTimeoutException} after {@code timeout}, or with a
     * {@link SocketIoException} when the socket disconnects first. Same as {@code timeout(timeout).emitWithAck(..)}.
     */
    CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, Object... args);

    /** An emit to this client that waits at most {@code timeout} for its ack (Node's {@code socket.timeout(ms)}). */
    SocketEmitter timeout(Duration timeout);

    /** An emit to this client that is dropped if its transport is busy (Node's {@code socket.volatile}). */
    SocketEmitter volatile_();

    /** An emit to this client with a compression hint (Node's {@code socket.compress}). */
    SocketEmitter compress(boolean compress);

    /**
     * Joins the rooms, all or none: each room (but the socket's own id) is first checked by the namespace's
     * {@link RoomAuthorizer} (by default every room is allowed). A no-op once the socket is disconnected.
     *
     * @throws RoomForbiddenException when the authorizer refuses one of them; the socket then joined none
     */
    @Override
    void join(String... rooms);

    /** Rooms this socket is in, a read-only live view; always contains {@link #id()} while connected. */
    @Override
    Set<String> rooms();

    /** Broadcast to the rooms, except this socket (Node's {@code socket.to(room)}). */
    BroadcastOperator to(String... rooms);

    /** Same as {@link #to}. */
    BroadcastOperator in(String... rooms);

    /** Broadcast to every socket of the namespace except this one and those in {@code rooms}. */
    BroadcastOperator except(String... rooms);

    /** Broadcast to every socket of the namespace except this one. */
    BroadcastOperator broadcast();

    /**
     * Leaves the namespace: sends {@code 41/nsp,} with reason {@code "server namespace disconnect"}; with
     * {@code close} every namespace of the connection is left and the Engine.IO session is closed.
     */
    @Override
    void disconnect(boolean close);

    /**
     * Closes the underlying Engine.IO connection without a Socket.IO DISCONNECT packet (Node's
     * {@code socket.conn.close()}): every namespace of the connection sees {@code "forced close"}, and the client
     * sees "transport close" and reconnects by itself; with connection state recovery the session is saved and
     * recovered on its reconnect.
     */
    void closeTransport();

    /** {@code disconnect(false)}. */
    default void disconnect() {
        disconnect(false);
    }
}

package io.roomcast.socketio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A client's connection to one namespace (Node's server-side {@code Socket}). Thread-safe; listeners run on the
 * Engine.IO session's event loop and must not block it.
 */
public interface Socket extends RemoteSocket {

    /** Per-namespace id: 20 random URL-safe characters; also the name of a room the socket is always in. */
    @Override
    String id();

    Namespace namespace();

    /** Mutable application data (Node's {@code socket.data}), thread-safe. */
    @Override
    Map<String, Object> data();

    /** Current Engine.IO transport: {@code polling} or {@code websocket}. */
    String transport();

    boolean connected();

    /** Adds a listener for a client event; several listeners for one event all run, in order. */
    void on(String event, EventListener listener);

    void onDisconnect(DisconnectListener listener);

    /** Called just before the socket leaves its rooms on disconnect, with the same reason (Node's "disconnecting"). */
    void onDisconnecting(DisconnectListener listener);

    /** Sends an event to this client; {@code byte[]} anywhere in the args becomes a binary attachment. */
    @Override
    void emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement; the future completes with the client's ack
     * arguments, or fails with {@link AckTimeoutException} after {@code timeout}, or with a
     * {@link SocketIoException} when the socket disconnects first.
     */
    CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, Object... args);

    /** Rooms this socket is in, a read-only live view; always contains {@link #id()} while connected. */
    @Override
    java.util.Set<String> rooms();

    /** Broadcast to the rooms, except this socket (Node's {@code socket.to(room)}). */
    BroadcastOperator to(String... rooms);

    /** Broadcast to every socket of the namespace except this one. */
    BroadcastOperator broadcast();

    /**
     * Leaves the namespace: sends {@code 41/nsp,} with reason {@code "server namespace disconnect"}; with
     * {@code close} every namespace of the connection is left and the Engine.IO session is closed.
     */
    @Override
    void disconnect(boolean close);
}

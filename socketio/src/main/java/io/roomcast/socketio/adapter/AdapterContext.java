package io.roomcast.socketio.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoObserver;
import io.roomcast.socketio.protocol.EncodedPacket;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an {@link Adapter} may do with the namespace it serves, handed to it at creation
 * ({@link AdapterFactory#create}). The server implements it; adapters never see the server's own types.
 * Every method is thread-safe.
 */
public interface AdapterContext {

    /** The namespace's name, e.g. {@code /} or {@code /chat}. */
    String namespace();

    /** The namespace's sockets on this node, by id (a read-only live view). */
    Map<String, Socket> sockets();

    /** Told about broadcasts, for metrics. */
    SocketIoObserver observer();

    /** Allocates an acknowledgement id from the namespace's counter (shared with {@code socket.emitWithAck}). */
    long nextAckId();

    /**
     * The server's connection state recovery settings, or null when it is off. When on, the adapter appends an offset
     * to every broadcast EVENT without ack id that is not volatile (see {@link Adapter#takesOffset}) and keeps what
     * {@link Adapter#restoreSession} needs.
     */
    io.roomcast.socketio.ConnectionStateRecovery connectionStateRecovery();

    /** The server's Jackson mapper (socket data travels between nodes in its JSON form). */
    ObjectMapper objectMapper();

    /**
     * Starts writing pre-encoded frames to local sockets of this namespace: {@link Delivery#add} each target, then
     * {@link Delivery#send}. Each socket gets the frames contiguously, with one hand-off per event loop rather than
     * per socket; with {@code volatile_} a socket that cannot take more data right now is skipped, and closed
     * sockets are skipped.
     */
    Delivery delivery(EncodedPacket frames, boolean volatile_);

    /**
     * Registers {@code callback} for the ACK packet with this id from one local socket; dropped when the socket
     * disconnects, or after {@code timeoutMillis} (null: kept until the ack or the disconnect, as Node).
     */
    void expectAck(Socket socket, long ackId, Consumer<List<Object>> callback, Long timeoutMillis);

    /**
     * Makes a local socket (one of {@link #sockets()}) join rooms on the server's decision: {@code socketsJoin}
     * from this node or another one, or another node's join for this socket. Unlike {@link Socket#join}, the
     * namespace's {@link io.roomcast.socketio.RoomAuthorizer} is not asked. A no-op for a disconnected socket.
     */
    void join(Socket socket, Set<String> rooms);

    /**
     * Hands an event another server sent with {@code serverSideEmit} to the namespace's listeners
     * ({@link io.roomcast.socketio.Namespace#onServerSideEmit}).
     *
     * @param ack answers the sending server, {@link Ack#NONE} when it expects no answer
     * @return false when a listener failed (the adapter counts it as a handler error)
     */
    boolean serverSideEmitReceived(String event, List<Object> args, Ack ack);

    /** A local socket joined a room it was not in (Node's {@code "join-room"}); called outside the adapter's locks. */
    default void joinedRoom(String room, String socketId) {
    }

    /** A local socket left a room (Node's {@code "leave-room"}); called outside the adapter's locks. */
    default void leftRoom(String room, String socketId) {
    }

    /** The local writes of one broadcast, from {@link #delivery}; used by one thread, once. */
    interface Delivery {

        /** Adds a target socket (one of {@link #sockets()}). */
        void add(Socket socket);

        /** How many sockets were added. */
        int count();

        /** Hands the frames to every added socket's event loop. */
        void send();
    }
}

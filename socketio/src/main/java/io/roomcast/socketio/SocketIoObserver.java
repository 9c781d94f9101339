package io.roomcast.socketio;

import io.roomcast.engine.DisconnectReason;

/**
 * Told about what happens on a {@link RoomcastServer}, for metrics; set with
 * {@link SocketIoOptions#withObserver} (or {@code RoomcastServer.Builder.observer}). Every method has a no-op default. Calls come from event loops and Redis
 * threads, often on hot paths: implementations must be cheap, thread-safe and must not throw (exceptions are not
 * caught). Event names come from clients and other nodes: an observer that turns them into metric tags must bound
 * them (e.g. with an allow-list).
 *
 * <p>Broadcasts are reported once per broadcast, not once per socket: {@link #broadcastDelivered} carries how many
 * local sockets got the packet.
 */
public interface SocketIoObserver {

    /** Observes nothing; the default. */
    SocketIoObserver NONE = new SocketIoObserver() { };

    /** A socket connected to a namespace (its middlewares accepted it). */
    default void connected(String namespace) {
    }

    /** A namespace's middleware refused a connection (Node's {@code next(new Error(..))}, e.g. bad credentials). */
    default void connectRejected(String namespace) {
    }

    /** A client asked for a namespace that does not exist (its name is not passed: clients choose it). */
    default void unknownNamespace() {
    }

    /** A socket left a namespace, for this reason. */
    default void disconnected(String namespace, DisconnectReason reason) {
    }

    /** A {@link RoomAuthorizer} refused a {@link Socket#join}: {@link RoomForbiddenException} was thrown. */
    default void joinDenied(String namespace) {
    }

    /** A client sent an event (counted whether or not a listener exists). */
    default void eventReceived(String namespace, String event) {
    }

    /**
     * A client event reached no listener although it arrived: its payload did not map to a typed listener, a
     * listener threw, or an event middleware rejected it.
     */
    default void eventDropped(String namespace, String event, EventDropReason reason) {
    }

    /**
     * A client event was refused by a rate limit ({@link io.roomcast.socketio.limits.EventLimits}): it reached no
     * middleware nor listener, and its ack (if asked for) carried {@code rate_limited}. Not also reported as
     * {@link #eventDropped}; when the refusals close the connection, {@link #disconnected} says
     * {@code RATE_LIMITED}.
     */
    default void eventRateLimited(String namespace, String event, io.roomcast.socketio.limits.RateLimitScope scope) {
    }

    /** This node sent an event to one socket with {@code socket.emit} / {@code emitWithAck} (not a broadcast). */
    default void eventSent(String namespace, String event) {
    }

    /** Application code on this node started a broadcast (to this node's sockets and, in a cluster, the others). */
    default void broadcastPublished(String namespace) {
    }

    /**
     * A broadcast was handed to this node's matching sockets.
     *
     * @param remote  whether another node published it (false: published here)
     * @param event   the event name, or null when the packet has none
     * @param sockets how many local sockets got it
     * @param nanos   how long handing it to them took
     */
    default void broadcastDelivered(String namespace, boolean remote, String event, int sockets, long nanos) {
    }

    /**
     * A client asked to recover its session (connection state recovery): how it ended and, when recovered, how many
     * missed packets were replayed to it.
     */
    default void recovery(String namespace, io.roomcast.socketio.adapter.RecoveryResult result, int replayedPackets) {
    }
}

package io.roomcast.cluster;

import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RemoteSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One namespace, cluster-wide: targets every socket on every node that serves it. Each socket is in the room named
 * after its id, so {@code to(socketId)} reaches it wherever it is connected. Thread-safe; obtain it from
 * {@link Cluster#of(String)}.
 */
public final class ClusterNamespace {

    private final Namespace nsp;

    ClusterNamespace(Namespace nsp) {
        this.nsp = Objects.requireNonNull(nsp, "nsp must not be null");
    }

    /** The Socket.IO namespace on this node (its connection listeners, middlewares and local sockets). */
    public Namespace namespace() {
        return nsp;
    }

    /** Targets the sockets of this node only; nothing is published. */
    public BroadcastOperator local() {
        return nsp.local();
    }

    public String name() {
        return nsp.name();
    }

    /** Targets the sockets in these rooms; a socket in several of them gets each event once. */
    public BroadcastOperator to(String... rooms) {
        return nsp.to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return nsp.in(rooms);
    }

    public BroadcastOperator except(String... rooms) {
        return nsp.except(rooms);
    }

    public BroadcastOperator volatile_() {
        return nsp.volatile_();
    }

    public BroadcastOperator compress(boolean compress) {
        return nsp.compress(compress);
    }

    /** For {@code emitWithAck}: collects one ack per client on every node, or fails after the timeout. */
    public BroadcastOperator timeout(Duration timeout) {
        return nsp.timeout(timeout);
    }

    /** Sends an event to every socket of the namespace on every node. */
    public void emit(String event, Object... args) {
        nsp.emit(event, args);
    }

    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return nsp.fetchSockets();
    }

    public void socketsJoin(String... rooms) {
        nsp.socketsJoin(rooms);
    }

    public void socketsLeave(String... rooms) {
        nsp.socketsLeave(rooms);
    }

    public void disconnectSockets(boolean close) {
        nsp.disconnectSockets(close);
    }

    /** Sends an event to the other servers of this namespace (not to this one), see {@link #onServerSideEmit}. */
    public void serverSideEmit(String event, Object... args) {
        nsp.adapter().serverSideEmit(packet(event, args));
    }

    /**
     * Sends an event to the other servers and collects one answer from each; fails with
     * {@link io.roomcast.cluster.request.ClusterRequestTimeoutException} after the adapter's requestsTimeout.
     */
    public CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        if (nsp.adapter() instanceof ClusterAdapter cluster) {
            return cluster.serverSideEmitWithAck(packet(event, args));
        }
        return CompletableFuture.completedFuture(List.of()); // no other server
    }

    /** Receives the events other servers send with serverSideEmit; a no-op without a cluster adapter. */
    public void onServerSideEmit(ServerSideEmitListener listener) {
        if (nsp.adapter() instanceof ClusterAdapter cluster) {
            cluster.onServerSideEmit(listener);
        }
    }

    /** Every room with a socket on any server, socket id rooms included. */
    public CompletableFuture<Set<String>> allRooms() {
        Adapter adapter = nsp.adapter();
        if (adapter instanceof ClusterAdapter cluster) {
            return cluster.allRooms();
        }
        return CompletableFuture.completedFuture(adapter.rooms());
    }

    /** Number of servers serving this namespace, this one included. */
    public CompletableFuture<Integer> serverCount() {
        return nsp.adapter().serverCount();
    }

    private static List<Object> packet(String event, Object[] args) {
        Objects.requireNonNull(event, "event must not be null");
        List<Object> packet = new ArrayList<>(args.length + 1);
        packet.add(event);
        packet.addAll(Arrays.asList(args));
        return packet;
    }
}

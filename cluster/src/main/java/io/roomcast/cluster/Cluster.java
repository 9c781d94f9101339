package io.roomcast.cluster;

import io.roomcast.socketio.SocketIoServer;

import java.util.Objects;

/**
 * The server-side API application code uses to reach sockets on every node:
 * {@code cluster.of("/").to("room").except("r2").emit("ev", args)}, plus the cluster-wide operations Socket.IO's
 * namespace has no method for (serverSideEmit, allRooms, serverCount). A thin view over a {@link SocketIoServer}
 * whose adapter factory is a cluster one; with the in-memory adapter it behaves as a cluster of one node.
 */
public final class Cluster {

    private final SocketIoServer io;

    public Cluster(SocketIoServer io) {
        this.io = Objects.requireNonNull(io, "io must not be null");
    }

    /** The namespace with this name, created on first use (as {@code io.of(name)}). */
    public ClusterNamespace of(String name) {
        return new ClusterNamespace(io.of(name));
    }

    /** The main namespace {@code /}. */
    public ClusterNamespace sockets() {
        return of("/");
    }
}

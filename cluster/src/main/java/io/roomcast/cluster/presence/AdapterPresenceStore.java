package io.roomcast.cluster.presence;

import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RemoteSocket;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Presence without a store of its own: the adapter's rooms are the record, and {@link #members} asks every node
 * with {@code namespace.in(room).fetchSockets()}. Node.js nodes on the same Redis adapter count too (they answer
 * {@code fetchSockets} as any node does), and a dead node's sockets vanish at once; the price is one cross-node
 * request per query, which waits for every node (up to the adapter's {@code requestsTimeout}). For one namespace.
 */
public final class AdapterPresenceStore implements PresenceStore {

    private final Namespace namespace;
    private final Function<RemoteSocket, Member> memberOf;

    /**
     * @param memberOf the member a socket of any node stands for; sockets of other nodes carry only their id,
     *                 handshake, rooms and {@code data}, so the user and the node must be readable from those
     */
    public AdapterPresenceStore(Namespace namespace, Function<RemoteSocket, Member> memberOf) {
        this.namespace = Objects.requireNonNull(namespace, "namespace must not be null");
        this.memberOf = Objects.requireNonNull(memberOf, "memberOf must not be null");
    }

    /** Nothing to record: the socket's join in the adapter is the record. */
    @Override
    public CompletableFuture<Void> add(String namespace, String room, Member member) {
        return CompletableFuture.completedFuture(null);
    }

    /** Nothing to forget: the socket's leave in the adapter is the record. */
    @Override
    public CompletableFuture<Void> remove(String namespace, String room, Member member) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<Member>> members(String namespace, String room) {
        if (!this.namespace.name().equals(namespace)) {
            throw new IllegalArgumentException("this store serves " + this.namespace.name() + ", not " + namespace);
        }
        return this.namespace.in(room).fetchSockets()
                .thenApply(sockets -> sockets.stream().map(memberOf).toList());
    }
}

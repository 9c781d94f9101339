package io.roomcast.cluster.presence;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@link Presence} keeps who is in which room. Implementations are thread-safe; their futures complete on
 * their own threads (never on the caller's event loop by blocking it). A store may serve several namespaces.
 */
public interface PresenceStore extends AutoCloseable {

    /** Records that {@code member} is in {@code room} of {@code namespace}. */
    CompletableFuture<Void> add(String namespace, String room, Member member);

    /** Forgets {@code member} in {@code room} (a no-op when it is not there). */
    CompletableFuture<Void> remove(String namespace, String room, Member member);

    /** Every member of the room across the cluster, in any order. */
    CompletableFuture<List<Member>> members(String namespace, String room);

    /**
     * Registers who is told when the store removes the members of a node that died without cleaning up (so that
     * the room can be told); stores that never expire anything ignore it.
     */
    default void onExpired(ExpiryListener listener) {
    }

    /** Stops background work and removes this node's entries where the store can; the default does nothing. */
    @Override
    default void close() {
    }
}

package io.roomcast.cluster.presence;

/** Told by a {@link PresenceStore} that a member of a dead node was removed (on one node of the cluster only). */
@FunctionalInterface
public interface ExpiryListener {

    void expired(String namespace, String room, Member member);
}

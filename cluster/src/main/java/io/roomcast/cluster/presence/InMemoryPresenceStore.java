package io.roomcast.cluster.presence;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of one node, in memory: the default, right for a single node (the in-memory adapter). */
public final class InMemoryPresenceStore implements PresenceStore {

    /** "namespace\0room" -> socket id -> member. */
    private final Map<String, Map<String, Member>> rooms = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> add(String namespace, String room, Member member) {
        rooms.computeIfAbsent(key(namespace, room), k -> new ConcurrentHashMap<>()).put(member.id(), member);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> remove(String namespace, String room, Member member) {
        rooms.computeIfPresent(key(namespace, room), (k, members) -> {
            members.remove(member.id());
            return members.isEmpty() ? null : members;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<Member>> members(String namespace, String room) {
        Map<String, Member> members = rooms.get(key(namespace, room));
        return CompletableFuture.completedFuture(members == null ? List.of() : List.copyOf(members.values()));
    }

    private static String key(String namespace, String room) {
        return namespace + '\0' + room;
    }
}

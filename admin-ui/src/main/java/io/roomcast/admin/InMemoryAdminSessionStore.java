package io.roomcast.admin;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Node's {@code InMemoryStore}: the sessions of this server only, kept until it stops; the default. */
public final class InMemoryAdminSessionStore implements AdminSessionStore {

    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    @Override
    public CompletableFuture<Boolean> exists(String sessionId) {
        return CompletableFuture.completedFuture(sessions.contains(sessionId));
    }

    @Override
    public CompletableFuture<Void> save(String sessionId) {
        sessions.add(sessionId);
        return CompletableFuture.completedFuture(null);
    }
}

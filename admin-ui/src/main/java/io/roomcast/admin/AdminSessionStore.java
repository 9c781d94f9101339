package io.roomcast.admin;

import java.util.concurrent.CompletableFuture;

/**
 * Node's {@code store}: the session ids handed to the UI after a login (event {@code session}), so that it
 * reconnects without the password. With several servers behind one address, use a shared store
 * ({@link RedisAdminSessionStore}, Node's {@code RedisStore}) so that any server accepts a reconnect.
 */
public interface AdminSessionStore {

    /** Whether this session id was saved and has not expired; never fails for an unknown id. */
    CompletableFuture<Boolean> exists(String sessionId);

    /**
     * Saves a new session id; completes once it is saved (the login answers only then, so that a reconnect to
     * another server finds it). A failure is logged by the caller and the login goes on.
     */
    CompletableFuture<Void> save(String sessionId);
}

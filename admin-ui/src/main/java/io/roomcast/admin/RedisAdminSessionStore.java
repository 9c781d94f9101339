package io.roomcast.admin;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Node's {@code RedisStore} ({@code lib/stores.ts}), in its key format: a session is the key
 * {@code prefix#sessionId} with the value {@code "true"} and a time to live, so Java and Node.js servers of one
 * cluster accept each other's sessions. Takes lettuce's async commands of one Redis
 * ({@code connection.async()}) or of a Redis Cluster ({@code clusterConnection.async()}); the connection is the
 * caller's, this store does not close it.
 */
public final class RedisAdminSessionStore implements AdminSessionStore {

    /** Node's default {@code prefix}. */
    public static final String DEFAULT_PREFIX = "socket.io-admin";
    /** Node's default {@code sessionDuration}: 86400 s. */
    public static final Duration DEFAULT_SESSION_DURATION = Duration.ofDays(1);

    /** The two command groups of lettuce's async API that the store uses. */
    private interface Commands {
        CompletableFuture<Long> exists(String key);

        CompletableFuture<String> setEx(String key, String value, long seconds);
    }

    private final Commands commands;
    private final String prefix;
    private final Duration sessionDuration;

    /** Node's defaults: prefix {@code socket.io-admin}, one day. */
    public <C extends RedisKeyAsyncCommands<String, String> & RedisStringAsyncCommands<String, String>>
    RedisAdminSessionStore(C commands) {
        this(commands, DEFAULT_PREFIX, DEFAULT_SESSION_DURATION);
    }

    public <C extends RedisKeyAsyncCommands<String, String> & RedisStringAsyncCommands<String, String>>
    RedisAdminSessionStore(C commands, String prefix, Duration sessionDuration) {
        Objects.requireNonNull(commands, "commands must not be null");
        this.commands = new Commands() {
            @Override
            public CompletableFuture<Long> exists(String key) {
                return commands.exists(key).toCompletableFuture();
            }

            @Override
            public CompletableFuture<String> setEx(String key, String value, long seconds) {
                return commands.set(key, value, SetArgs.Builder.ex(seconds)).toCompletableFuture();
            }
        };
        this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
        this.sessionDuration = Objects.requireNonNull(sessionDuration, "sessionDuration must not be null");
        if (sessionDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("sessionDuration must be >= 1s");
        }
    }

    /** {@code prefix#sessionId}, as Node's {@code computeKey}. */
    public String key(String sessionId) {
        return prefix + "#" + sessionId;
    }

    @Override
    public CompletableFuture<Boolean> exists(String sessionId) {
        return commands.exists(key(sessionId)).thenApply(count -> count == 1L);
    }

    @Override
    public CompletableFuture<Void> save(String sessionId) {
        // one SET with EX: what Node's MULTI of SET and EXPIRE leaves behind
        return commands.setEx(key(sessionId), "true", sessionDuration.toSeconds()).thenApply(ok -> null);
    }
}

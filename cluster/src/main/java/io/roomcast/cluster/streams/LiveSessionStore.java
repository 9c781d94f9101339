package io.roomcast.cluster.streams;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.roomcast.socketio.adapter.SavedSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Roomcast's addition to Node's recovery: the session of every <em>connected</em> socket is kept current in Redis
 * (hash {@code <prefix><pid>} with fields {@code session}, in Node's session encoding, and {@code owner}, the private
 * pub/sub channel of the adapter that holds the socket), so that the clients of a node that dies without saving
 * anything (SIGKILL, OOM, lost machine) still recover on a survivor.
 *
 * <p>Safety: such a record is restorable only once its owner is gone, i.e. nobody subscribes its private channel
 * any more (a process that dies loses its Redis connections, and Redis drops their subscriptions at once), and it
 * is taken by one restorer only (the taker's {@code DEL} is the one that returns 1), so a restore never yields two
 * live sockets with one id. Records expire after {@code lease}; the owner renews its records' expiry every
 * {@code lease / 3} ({@link #renewAll()}), so the record of a dead node lives at most {@code lease} longer.
 *
 * <p>Writes are fire-and-forget on the shared command connection (lettuce pipelines them); failures are logged at
 * debug: this store improves the odds of a recovery, it never blocks or fails a socket.
 */
public final class LiveSessionStore {

    private static final Logger log = LoggerFactory.getLogger(LiveSessionStore.class);
    private static final String SESSION = "session";
    private static final String OWNER = "owner";

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final long leaseMillis;
    private final Function<SavedSession, String> encode;
    private final Function<String, SavedSession> decode;
    /** pid -> owner channel of the sessions this node holds, for renewal. */
    private final Map<String, String> live = new ConcurrentHashMap<>();

    /**
     * @param prefix key prefix, e.g. {@code roomcast:live-session:}
     * @param lease  how long a record outlives its last renewal (the recovery's {@code maxDisconnectionDuration})
     * @param encode the session as Node's streams adapter stores it (base64 of msgpack)
     * @param decode the reverse; throws on malformed input
     */
    public LiveSessionStore(StatefulRedisConnection<String, String> connection, String prefix, Duration lease,
                            Function<SavedSession, String> encode, Function<String, SavedSession> decode) {
        this.connection = Objects.requireNonNull(connection, "connection must not be null");
        this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
        this.leaseMillis = lease.toMillis();
        this.encode = Objects.requireNonNull(encode, "encode must not be null");
        this.decode = Objects.requireNonNull(decode, "decode must not be null");
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("lease must be > 0");
        }
    }

    /** Writes the current state of a connected socket held by the adapter whose private channel is {@code owner}. */
    public CompletableFuture<Void> update(SavedSession session, String owner) {
        live.put(session.pid(), owner);
        RedisAsyncCommands<String, String> redis = connection.async();
        String key = prefix + session.pid();
        redis.hset(key, Map.of(SESSION, encode.apply(session), OWNER, owner));
        return redis.pexpire(key, leaseMillis).toCompletableFuture()
                .handle((ok, error) -> logged("update", session.pid(), error));
    }

    /** The socket is gone from this node (saved the Node way, or left for good): forget its record. */
    public CompletableFuture<Void> remove(String pid) {
        live.remove(pid);
        return connection.async().del(prefix + pid).toCompletableFuture()
                .handle((ok, error) -> logged("remove", pid, error));
    }

    /** Extends the expiry of every record this node holds; call it every {@code lease / 3}. */
    public void renewAll() {
        RedisAsyncCommands<String, String> redis = connection.async();
        for (String pid : live.keySet()) {
            redis.pexpire(prefix + pid, leaseMillis);
        }
    }

    /** How many sessions this node holds records for. */
    public int size() {
        return live.size();
    }

    /**
     * Takes the record of {@code pid} if its owner is gone ({@code subscribers} of the owner channel is 0); empty
     * when there is no record, when the owner is alive (its socket may still be connected), or when another node
     * took it first.
     *
     * @param subscribers {@code PUBSUB NUMSUB} of a channel
     * @throws java.util.concurrent.CompletionException with Redis errors, and with malformed records
     */
    public CompletableFuture<Optional<SavedSession>> takeIfOwnerGone(String pid,
                                                                    Function<String, CompletableFuture<Long>> subscribers) {
        String key = prefix + pid;
        return connection.async().hget(key, OWNER).toCompletableFuture().thenCompose(owner -> {
            if (owner == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return subscribers.apply(owner).thenCompose(count -> count > 0
                    ? CompletableFuture.completedFuture(Optional.<SavedSession>empty())
                    : take(key));
        });
    }

    /** HGET then DEL in one script: the session only for the one caller whose DEL removed the key. */
    private CompletableFuture<Optional<SavedSession>> take(String key) {
        RedisAsyncCommands<String, String> redis = connection.async();
        // MULTI on a shared connection is not isolated from other callers' commands; a Lua script is
        String script = "local s = redis.call('HGET', KEYS[1], 'session') "
                + "if redis.call('DEL', KEYS[1]) == 1 then return s end return false";
        return redis.<String>eval(script, io.lettuce.core.ScriptOutputType.VALUE, key).toCompletableFuture()
                .thenApply(encoded -> encoded == null ? Optional.<SavedSession>empty()
                        : Optional.of(decode.apply(encoded)));
    }

    private Void logged(String what, String pid, Throwable error) {
        if (error != null) {
            log.debug("live session {} of {} failed: {}", what, pid, error.toString());
        }
        return null;
    }
}

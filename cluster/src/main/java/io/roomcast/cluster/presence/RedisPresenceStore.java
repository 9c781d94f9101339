package io.roomcast.cluster.presence;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Presence in Redis, shared by every node on it: one hash per room ({@code <key>:presence:<namespace>#<room>},
 * socket id → the holding store's id, the member's node and user), a sorted set of live stores
 * ({@code <key>:presence:nodes}, each scored with the time its liveness runs out) and, per store, the set of its
 * entries ({@code <key>:presence:node:<id>}). Each store renews its score every {@code ttl / 3}.
 *
 * <p>A join costs one {@code HSET} and one {@code SADD}, a leave one {@code HDEL} and one {@code SREM}, a member
 * list one {@code HGETALL} (plus a {@code ZSCORE} the first time an unknown store shows up); pipelined on two
 * connections, a room's commands always on the same one. Reads leave out the entries of stores whose liveness ran out, so the members of a node that died
 * without cleaning up (SIGKILL, lost machine) vanish within {@code ttl} of its last heartbeat (plus the clock skew
 * between nodes). The first heartbeat that sees such a store removes its entries and tells the
 * {@link ExpiryListener} once for the cluster (the removal is claimed atomically). A store that was wrongly taken
 * for dead (a pause longer than {@code ttl}), or whose Redis restarted empty, writes its entries again at its next
 * heartbeat. While Redis is unreachable, commands fail at once. {@link #close()} removes this store's entries.
 */
public final class RedisPresenceStore implements PresenceStore {

    private static final Logger log = LoggerFactory.getLogger(RedisPresenceStore.class);
    private static final int ID_LENGTH = 16;
    /** Connections to Redis: lettuce gives each its own I/O thread (two by default on two cores). */
    private static final int CONNECTIONS = 2;
    private static final Duration ENTRIES_LIFETIME = Duration.ofHours(1);
    /** Removes a store from the live set only if its liveness ran out (it may have just renewed it). */
    private static final String CLAIM_DEAD = """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if score and tonumber(score) < tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
            return 0""";

    private final RedisClient client;
    /** Commands of one room always go over the same connection (so they stay in order); each has its I/O thread. */
    private final List<StatefulRedisConnection<String, String>> connections;
    private final RedisPresenceOptions options;
    private final Clock clock;
    private final String id;
    private final ScheduledExecutorService heartbeats;
    private final ScheduledFuture<?> heartbeat;
    /** Other stores' ids -> when their liveness runs out (epoch millis), as of the last heartbeat. */
    private final Map<String, Long> liveUntil = new ConcurrentHashMap<>();
    /** This store's entries ("namespace\0room\0socket id"), to write again after a wrongful expiry. */
    private final Map<String, Entry> own = new ConcurrentHashMap<>();
    private volatile ExpiryListener expiryListener = (namespace, room, member) -> { };
    private volatile boolean closed;

    private RedisPresenceStore(RedisClient client, RedisPresenceOptions options, Duration commandTimeout,
                               Clock clock) {
        this.client = client;
        this.options = options;
        this.clock = clock;
        this.id = randomId();
        List<StatefulRedisConnection<String, String>> opened = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.setTimeout(commandTimeout);
            opened.add(connection);
        }
        this.connections = List.copyOf(opened);
        // live before the first add: other stores treat an id without a score as dead
        join(redis().zadd(nodesKey(), clock.millis() + options.ttl().toMillis(), id));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "presence-heartbeat-" + id);
            thread.setDaemon(true);
            return thread;
        });
        long every = options.heartbeatInterval().toMillis();
        this.heartbeat = heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to Redis with lettuce (standalone, or the master of a {@code redis-sentinel://} URI).
     *
     * @throws ClusterException when Redis cannot be reached
     */
    public static RedisPresenceStore connect(RedisURI uri, RedisPresenceOptions options) {
        return connect(uri, LettuceTransportOptions.DEFAULT, options);
    }

    /** As {@link #connect(RedisURI, RedisPresenceOptions)}, with the command timeout and TLS settings chosen. */
    public static RedisPresenceStore connect(RedisURI uri, LettuceTransportOptions transportOptions,
                                             RedisPresenceOptions options) {
        return connect(uri, transportOptions, options, Clock.systemUTC());
    }

    static RedisPresenceStore connect(RedisURI uri, LettuceTransportOptions transportOptions,
                                      RedisPresenceOptions options, Clock clock) {
        Objects.requireNonNull(options, "options must not be null");
        RedisClient client = RedisClient.create(uri);
        // while Redis is away, commands fail at once (answers fall back to this node) rather than after the timeout
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .sslOptions(transportOptions.sslOptions()).build());
        try {
            return new RedisPresenceStore(client, options, transportOptions.commandTimeout(), clock);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw ClusterException.cannotConnect(uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    /** This store's id in Redis (8 random bytes as hex). */
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<Void> add(String namespace, String room, Member member) {
        Entry entry = new Entry(namespace, room, member);
        own.put(entry.localKey(), entry);
        return write(entry);
    }

    @Override
    public CompletableFuture<Void> remove(String namespace, String room, Member member) {
        Entry entry = new Entry(namespace, room, member);
        own.remove(entry.localKey());
        String key = roomKey(namespace, room);
        RedisAsyncCommands<String, String> redis = redis(key);
        redis.srem(nodeKey(id), entry.reference());
        return redis.hdel(key, member.id()).toCompletableFuture().thenApply(n -> null);
    }

    @Override
    public CompletableFuture<List<Member>> members(String namespace, String room) {
        String key = roomKey(namespace, room);
        return redis(key).hgetall(key).toCompletableFuture().thenCompose(entries -> {
            List<String> unknown = entries.values().stream().map(RedisPresenceStore::storeOf)
                    .filter(store -> !store.equals(id) && !liveUntil.containsKey(store)).distinct().toList();
            if (unknown.isEmpty()) {
                return CompletableFuture.completedFuture(live(key, entries));
            }
            List<CompletableFuture<Double>> scores = unknown.stream()
                    .map(store -> redis().zscore(nodesKey(), store).toCompletableFuture()).toList();
            return CompletableFuture.allOf(scores.toArray(CompletableFuture[]::new)).thenApply(done -> {
                for (int i = 0; i < unknown.size(); i++) {
                    Double score = scores.get(i).join();
                    liveUntil.put(unknown.get(i), score == null ? 0L : score.longValue());
                }
                return live(key, entries);
            });
        });
    }

    @Override
    public void onExpired(ExpiryListener listener) {
        this.expiryListener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /** Stops the heartbeat, removes this store's entries (waiting up to 2 s) and closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeats.shutdownNow();
        try {
            RedisAsyncCommands<String, String> redis = redis();
            List<CompletableFuture<?>> removals = new ArrayList<>();
            for (Entry entry : own.values()) {
                String key = roomKey(entry.namespace(), entry.room());
                removals.add(redis(key).hdel(key, entry.member().id()).toCompletableFuture());
            }
            removals.add(redis.del(nodeKey(id)).toCompletableFuture());
            removals.add(redis.zrem(nodesKey(), id).toCompletableFuture());
            CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("presence: removing this node's entries failed ({}); they expire within {}", e.toString(),
                    options.ttl());
        } finally {
            connections.forEach(StatefulRedisConnection::close);
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** As a node that is SIGKILLed: the heartbeat stops and the connection drops, nothing is removed. For tests. */
    void abandon() {
        closed = true;
        heartbeats.shutdownNow();
        connections.forEach(StatefulRedisConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** Renews this store's liveness, refreshes what it knows of the others, sweeps the dead ones. */
    void heartbeat() {
        if (closed) {
            return;
        }
        try {
            long now = clock.millis();
            RedisAsyncCommands<String, String> redis = redis();
            Long added = redis.zadd(nodesKey(), now + options.ttl().toMillis(), id).get(options.ttl().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (added != null && added == 1 && !own.isEmpty()) {
                log.warn("presence: this node was taken for dead (no heartbeat within {}); writing its {} entries"
                        + " again", options.ttl(), own.size());
                own.values().forEach(this::write);
            }
            redis.pexpire(nodeKey(id), ENTRIES_LIFETIME.toMillis());
            List<ScoredValue<String>> stores = redis.zrangeWithScores(nodesKey(), 0, -1)
                    .get(options.ttl().toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> fresh = new ConcurrentHashMap<>();
            for (ScoredValue<String> store : stores) {
                fresh.put(store.getValue(), (long) store.getScore());
            }
            liveUntil.keySet().retainAll(fresh.keySet());
            liveUntil.putAll(fresh);
            for (Map.Entry<String, Long> store : fresh.entrySet()) {
                if (!store.getKey().equals(id) && store.getValue() < now) {
                    sweep(store.getKey(), now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("presence heartbeat failed: {}", e.toString());
        }
    }

    /** Removes the entries of a dead store, if this store is the one that claims it. */
    private void sweep(String dead, long now) throws Exception {
        RedisAsyncCommands<String, String> redis = redis();
        Long claimed = redis.<Long>eval(CLAIM_DEAD, ScriptOutputType.INTEGER, new String[] {nodesKey()}, dead,
                String.valueOf(now)).get(options.ttl().toMillis(), TimeUnit.MILLISECONDS);
        if (claimed == null || claimed != 1) {
            return;
        }
        liveUntil.put(dead, 1L); // dead, being swept: reads leave its entries to this sweep
        int removed = 0;
        for (String reference : redis.smembers(nodeKey(dead)).get(options.ttl().toMillis(), TimeUnit.MILLISECONDS)) {
            String[] parts = parseReference(reference);
            if (parts == null) {
                continue;
            }
            String key = roomKey(parts[0], parts[1]);
            String value = redis(key).hget(key, parts[2]).get(options.ttl().toMillis(), TimeUnit.MILLISECONDS);
            if (value == null || !storeOf(value).equals(dead)) {
                continue; // left meanwhile, or the socket id came back on another node
            }
            redis(key).hdel(key, parts[2]);
            Member member = memberOf(parts[2], value);
            removed++;
            if (member != null) {
                try {
                    expiryListener.expired(parts[0], parts[1], member);
                } catch (RuntimeException e) {
                    log.warn("presence expiry listener failed: {}", e.toString());
                }
            }
        }
        redis.del(nodeKey(dead));
        log.info("presence: removed {} entries of node {} (no heartbeat within {})", removed, dead, options.ttl());
    }

    private CompletableFuture<Void> write(Entry entry) {
        String key = roomKey(entry.namespace(), entry.room());
        RedisAsyncCommands<String, String> redis = redis(key);
        redis.sadd(nodeKey(id), entry.reference());
        return redis.hset(key, entry.member().id(), encode(entry.member()))
                .toCompletableFuture().thenApply(added -> null);
    }

    /** The members of a room's entries whose store is alive; removes the entries no sweep will remove. */
    private List<Member> live(String key, Map<String, String> entries) {
        long now = clock.millis();
        List<Member> members = new ArrayList<>(entries.size());
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String store = storeOf(entry.getValue());
            Member member = memberOf(entry.getKey(), entry.getValue());
            long until = store.equals(id) ? Long.MAX_VALUE : liveUntil.getOrDefault(store, 0L);
            if (member != null && until > now) {
                members.add(member);
            } else if (member == null || until == 0L) {
                // malformed, or of a store that is not in the live set at all (so no sweep will come for it);
                // a store that is there but expired is left to the sweep, which tells the room
                stale.add(entry.getKey());
            }
        }
        if (!stale.isEmpty()) {
            redis(key).hdel(key, stale.toArray(String[]::new));
        }
        return members;
    }

    /** The connection of the liveness set and of the sweeps. */
    private RedisAsyncCommands<String, String> redis() {
        return connections.get(0).async();
    }

    /** The connection of a room's commands. */
    private RedisAsyncCommands<String, String> redis(String roomKey) {
        return connections.get(Math.floorMod(roomKey.hashCode(), connections.size())).async();
    }

    /**
     * An entry's value: this store's id, then the member's node and user as {@code <length>:<node><user>} (the
     * socket id is the field). Not JSON: a member list decodes on lettuce's I/O thread, where Jackson cost a third of
     * the throughput in the measurement.
     */
    private String encode(Member member) {
        return id + member.node().length() + ':' + member.node() + member.user();
    }

    /** The member of an entry's value, or null when it is malformed. */
    private static Member memberOf(String socketId, String value) {
        String[] rest = lengthPrefixed(value, ID_LENGTH);
        return rest == null ? null : new Member(socketId, rest[1], rest[0]);
    }

    /** {@code [namespace, room, socket id]} of a line of a store's entry set, or null when malformed. */
    private static String[] parseReference(String reference) {
        String[] namespace = lengthPrefixed(reference, 0);
        if (namespace == null) {
            return null;
        }
        String[] room = lengthPrefixed(namespace[1], 0);
        return room == null ? null : new String[] {namespace[0], room[0], room[1]};
    }

    /** {@code <length>:<text><rest>} from {@code from} on, as {@code [text, rest]}; null when malformed. */
    static String[] lengthPrefixed(String value, int from) {
        int colon = value.indexOf(':', from);
        if (colon <= from || colon - from > 9) {
            return null;
        }
        int length;
        try {
            length = Integer.parseInt(value, from, colon, 10);
        } catch (NumberFormatException e) {
            return null;
        }
        int end = colon + 1 + length;
        if (length < 0 || end > value.length()) {
            return null;
        }
        return new String[] {value.substring(colon + 1, end), value.substring(end)};
    }

    private static String storeOf(String value) {
        return value.length() >= ID_LENGTH ? value.substring(0, ID_LENGTH) : "";
    }

    String roomKey(String namespace, String room) {
        return options.key() + ":presence:" + namespace + '#' + room;
    }

    String nodesKey() {
        return options.key() + ":presence:nodes";
    }

    String nodeKey(String store) {
        return options.key() + ":presence:node:" + store;
    }

    private static <T> T join(io.lettuce.core.RedisFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while connecting", e);
        } catch (Exception e) {
            throw new ClusterException("presence: first heartbeat failed: " + e.getMessage(), e);
        }
    }

    private static String randomId() {
        byte[] bytes = new byte[ID_LENGTH / 2];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** One of this store's entries. */
    private record Entry(String namespace, String room, Member member) {
        String localKey() {
            return namespace + '\0' + room + '\0' + member.id();
        }

        /** Its line in the store's entry set: {@code <length>:<namespace><length>:<room><socket id>}. */
        String reference() {
            return namespace.length() + ":" + namespace + room.length() + ":" + room + member.id();
        }
    }
}

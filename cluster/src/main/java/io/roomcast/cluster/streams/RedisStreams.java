package io.roomcast.cluster.streams;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.roomcast.cluster.ClusterException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis commands of the streams adapter besides pub/sub: XADD, XRANGE and the session keys, on one shared
 * connection, plus a dedicated one for {@code MULTI GET DEL EXEC} (a transaction must not interleave with other
 * callers' commands) and a dedicated blocking connection per stream reader. Every command has a timeout.
 */
final class RedisStreams implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, String> transactions;
    private final Object transactionLock = new Object();

    private RedisStreams(RedisClient client, Duration commandTimeout) {
        this.client = client;
        this.commands = client.connect();
        this.commands.setTimeout(commandTimeout);
        this.transactions = client.connect();
        this.transactions.setTimeout(commandTimeout);
    }

    /**
     * @throws ClusterException when Redis cannot be reached
     */
    static RedisStreams connect(RedisURI uri, Duration commandTimeout, SslOptions sslOptions) {
        RedisClient client = RedisClient.create(uri);
        // async commands time out too, after the connection's timeout (lettuce's default is never)
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).sslOptions(sslOptions)
                .build());
        try {
            return new RedisStreams(client, commandTimeout);
        } catch (RuntimeException e) {
            client.shutdown();
            throw ClusterException.cannotConnect(uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    /** {@code XADD stream MAXLEN ~ maxLen * field value ...}; completes with the entry id. */
    CompletableFuture<String> xadd(String stream, long maxLen, Map<String, String> fields) {
        return commands.async().xadd(stream, XAddArgs.Builder.maxlen(maxLen).approximateTrimming(), fields)
                .toCompletableFuture();
    }

    /** {@code XRANGE stream from to COUNT count}, both ends inclusive. */
    CompletableFuture<List<StreamMessage<String, String>>> range(String stream, String from, String to, int count) {
        return commands.async().xrange(stream, Range.create(from, to), Limit.create(0, count)).toCompletableFuture();
    }

    /** The id of the stream's newest entry ({@code XREVRANGE stream + - COUNT 1}), null when it has none. */
    CompletableFuture<String> headId(String stream) {
        return headId(commands.async(), stream);
    }

    static CompletableFuture<String> headId(RedisAsyncCommands<String, String> commands, String stream) {
        return commands.xrevrange(stream, Range.unbounded(), Limit.create(0, 1)).toCompletableFuture()
                .thenApply(entries -> entries.isEmpty() ? null : entries.get(0).getId());
    }

    /** {@code SET key value PX ttl}. */
    CompletableFuture<Void> set(String key, String value, Duration ttl) {
        return commands.async().set(key, value, SetArgs.Builder.px(ttl.toMillis())).toCompletableFuture()
                .thenApply(ok -> null);
    }

    /** {@code MULTI; GET key; DEL key; EXEC} as Node (a GETDEL that works before Redis 6.2); null when absent. */
    CompletableFuture<String> take(String key) {
        CompletableFuture<TransactionResult> exec;
        synchronized (transactionLock) { // the four commands go out back to back, in order
            RedisAsyncCommands<String, String> async = transactions.async();
            async.multi();
            async.get(key);
            async.del(key);
            exec = async.exec().toCompletableFuture();
        }
        return exec.thenApply(result -> {
            if (result.wasDiscarded() || result.isEmpty()) {
                throw new ClusterException("MULTI/GET/DEL/EXEC of " + key + " was discarded");
            }
            Object value = result.get(0);
            if (value instanceof Exception error) {
                throw new ClusterException("GET " + key + " failed: " + error.getMessage(), error);
            }
            return (String) value;
        });
    }

    /** A new connection for one stream reader's blocking XREAD; commands on it time out after {@code timeout}. */
    StatefulRedisConnection<String, String> newReadConnection(Duration timeout) {
        StatefulRedisConnection<String, String> connection = client.connect();
        connection.setTimeout(Objects.requireNonNull(timeout, "timeout must not be null"));
        return connection;
    }

    /** The shared command connection (lettuce pipelines commands of many callers on it). */
    StatefulRedisConnection<String, String> commands() {
        return commands;
    }

    boolean isConnected() {
        return commands.isOpen() && transactions.isOpen();
    }

    @Override
    public void close() {
        commands.close();
        transactions.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}

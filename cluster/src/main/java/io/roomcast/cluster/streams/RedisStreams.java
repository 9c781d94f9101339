package io.roomcast.cluster.streams;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.WriteCoalescer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Redis commands of the streams adapter besides pub/sub: XADD, XRANGE and the session keys, on one shared
 * connection, plus a dedicated one for {@code MULTI GET DEL EXEC} (a transaction must not interleave with other
 * callers' commands) and a dedicated blocking connection per stream reader. Every command has a timeout.
 *
 * <p>XADDs are written in batches ({@link WriteCoalescer}), as the transports write their publishes: one flush, and
 * one Redis read, for all the entries a node appends in one turn of lettuce's I/O thread, instead of one each.
 */
final class RedisStreams implements AutoCloseable {

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, String> transactions;
    private final Object transactionLock = new Object();
    private final WriteCoalescer<String, String> appends;

    private RedisStreams(RedisClient client, ClientResources resources, Duration commandTimeout) {
        this.client = client;
        this.resources = resources;
        this.commands = client.connect();
        this.commands.setTimeout(commandTimeout);
        this.transactions = client.connect();
        this.transactions.setTimeout(commandTimeout);
        this.appends = new WriteCoalescer<>(resources::eventExecutorGroup, commands::dispatch,
                WriteCoalescer.DEFAULT_MAX_QUEUED);
    }

    /**
     * @throws ClusterException when Redis cannot be reached
     */
    static RedisStreams connect(RedisURI uri, LettuceTransportOptions options) {
        // the transport's reconnect schedule: lettuce's default backs off to 30 s between attempts, so after a
        // Sentinel failover the stream connections could stay away long after the pub/sub ones are back
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(options.reconnectDelayMin(), options.reconnectDelayMax(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        // async commands time out too, after the connection's timeout (lettuce's default is never)
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled())
                .sslOptions(options.sslOptions()).build());
        try {
            return new RedisStreams(client, resources, options.commandTimeout());
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw ClusterException.cannotConnect(uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    /** {@code XADD stream MAXLEN ~ maxLen * field value ...}; completes with the entry id. */
    CompletableFuture<String> xadd(String stream, long maxLen, Map<String, String> fields) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(stream);
        XAddArgs.Builder.maxlen(maxLen).approximateTrimming().build(args); // MAXLEN ~ maxLen *
        AsyncCommand<String, String, String> command = new AsyncCommand<>(
                new Command<>(CommandType.XADD, new StatusOutput<>(StringCodec.UTF8), args.add(fields)));
        if (!appends.offer(command)) {
            return CompletableFuture.failedFuture(new ClusterException("stream write queue full: "
                    + appends.queued() + " entries wait for Redis"));
        }
        return command;
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
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}

package io.roomcast.cluster.streams;

import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.protocol.ClusterMessageCodec;
import io.roomcast.cluster.protocol.SessionCodec;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.adapter.AdapterContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Creates a {@link RedisStreamsAdapter} for each namespace of a server (Node's {@code createAdapter(client, opts)} of
 * {@code @socket.io/redis-streams-adapter} 0.3.x); pass it to the server's adapter option, and the server closes it.
 * Holds: one shared command connection, one for session transactions, one pub/sub transport shared by all
 * namespaces, one dedicated reading connection and thread per stream, and one timer thread. Use one factory per
 * server; this is the adapter to use with connection state recovery.
 *
 * <pre>{@code
 * SocketIoOptions options = SocketIoOptions.defaults()
 *         .withAdapter(RedisStreamsAdapterFactory.connect("redis://redis:6379"))
 *         .withConnectionStateRecovery(ConnectionStateRecovery.defaults());
 * }</pre>
 */
public final class RedisStreamsAdapterFactory extends PubSubAdapterFactory<RedisStreamsAdapter> {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamsAdapterFactory.class);
    /** How often {@link #streamLag()} is measured. */
    private static final long LAG_PERIOD_MILLIS = 1_000;

    private final StreamsAdapterOptions options;
    private final RedisStreams redis;
    private final ClusterMessageCodec codec = new ClusterMessageCodec();
    private final SessionCodec sessions = new SessionCodec();
    /** Readers by stream name, created with the first namespace of their stream. */
    private final ConcurrentMap<String, StreamReader> readers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Duration> lags = new ConcurrentHashMap<>();
    /** Live session records (recovery after a node loss); made with the first adapter that has recovery on. */
    private volatile LiveSessionStore liveSessions;

    private RedisStreamsAdapterFactory(PubSubTransport transport, RedisStreams redis, StreamsAdapterOptions options) {
        super(transport, true);
        this.redis = redis;
        this.options = options;
        timer().scheduleWithFixedDelay(this::measureLag, LAG_PERIOD_MILLIS, LAG_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Connects to Redis at this URL ({@code redis://[:password@]host:port[/db]}) with Node's default options. */
    public static RedisStreamsAdapterFactory connect(String url) {
        return connect(RedisURI.create(url), StreamsAdapterOptions.defaults());
    }

    /**
     * Connects to Redis with lettuce.
     *
     * @throws io.roomcast.cluster.ClusterException when Redis cannot be reached
     */
    public static RedisStreamsAdapterFactory connect(RedisURI uri, StreamsAdapterOptions options) {
        return connect(uri, LettuceTransportOptions.DEFAULT, options);
    }

    /** As {@link #connect(RedisURI, StreamsAdapterOptions)}, with reconnect delays and command timeout chosen. */
    public static RedisStreamsAdapterFactory connect(RedisURI uri, LettuceTransportOptions transportOptions,
                                                     StreamsAdapterOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        RedisStreams redis = RedisStreams.connect(uri, transportOptions.commandTimeout(),
                transportOptions.sslOptions());
        try {
            return new RedisStreamsAdapterFactory(LettuceTransport.connect(uri, transportOptions), redis, options);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @Override
    protected RedisStreamsAdapter newAdapter(AdapterContext context, PubSubTransport transport,
                                             ScheduledExecutorService timer) {
        String stream = options.streamFor(context.namespace());
        StreamReader reader = readers.computeIfAbsent(stream, this::startReader);
        return new RedisStreamsAdapter(context, options, timer, transport, redis, reader, codec, sessions,
                liveSessions(context));
    }

    /**
     * The store of live session records, or null when recovery is off or {@link StreamsAdapterOptions#keepLiveSessions}
     * is false; the lease is the recovery's {@code maxDisconnectionDuration}, renewed every third of it.
     */
    private synchronized LiveSessionStore liveSessions(AdapterContext context) {
        if (liveSessions == null && context.connectionStateRecovery() != null && options.keepLiveSessions()) {
            Duration lease = context.connectionStateRecovery().maxDisconnectionDuration();
            LiveSessionStore store = new LiveSessionStore(redis.commands(), options.liveSessionKeyPrefix(), lease,
                    sessions::encode, encoded -> {
                        try {
                            return sessions.decode(encoded);
                        } catch (io.roomcast.cluster.protocol.MalformedMessageException e) {
                            throw new IllegalArgumentException(e.getMessage(), e);
                        }
                    });
            long renewEvery = Math.max(1, lease.toMillis() / 3);
            timer().scheduleWithFixedDelay(store::renewAll, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
            liveSessions = store;
        }
        return liveSessions;
    }

    private StreamReader startReader(String stream) {
        // the XREAD blocks for blockTime: its timeout must be longer
        Duration timeout = options.blockTime().plus(redisCommandMargin());
        StreamReader reader = new StreamReader(stream, () -> redis.newReadConnection(timeout), options.readCount(),
                options.blockTime(), this::route);
        reader.start();
        return reader;
    }

    private static Duration redisCommandMargin() {
        return Duration.ofSeconds(5);
    }

    /** Hands an entry to the adapter of its namespace; entries without one, or for other namespaces, are skipped. */
    private void route(StreamMessage<String, String> entry) {
        Map<String, String> body = entry.getBody();
        String nsp = body == null ? null : body.get("nsp");
        RedisStreamsAdapter adapter = nsp == null ? null : adapter(nsp);
        if (adapter != null) {
            adapter.onStreamEntry(entry);
        }
    }

    /** The read loop of a stream, null before a namespace of it exists (for tests in this package). */
    StreamReader reader(String stream) {
        return readers.get(stream);
    }

    public StreamsAdapterOptions options() {
        return options;
    }

    /**
     * How far the slowest read loop is behind its stream: the time between the stream's newest entry id and the
     * last id the loop read, measured every second; {@link Duration#ZERO} when caught up.
     */
    public Duration streamLag() {
        return lags.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private void measureLag() {
        for (StreamReader reader : readers.values()) {
            String read = reader.lastId();
            if (read == null) {
                continue;
            }
            // a loop that started on an empty stream has read nothing yet: measure from the stream's first entry
            CompletableFuture<String> from = !EntryIds.ZERO.equals(read) ? CompletableFuture.completedFuture(read)
                    : redis.range(reader.stream(), "-", "+", 1)
                            .thenApply(first -> first.isEmpty() ? null : first.get(0).getId());
            from.thenCombine(redis.headId(reader.stream()), (reference, head) ->
                            head == null || reference == null || EntryIds.compare(head, reference) <= 0 ? 0L
                                    : Math.max(0, EntryIds.millis(head) - EntryIds.millis(reference)))
                    .whenComplete((behind, error) -> {
                        if (error == null) { // on error (Redis down) readiness says so; keep the last measure
                            lags.put(reader.stream(), Duration.ofMillis(behind));
                        }
                    });
        }
    }

    /** Whether the Redis connections are up. */
    @Override
    public boolean isConnected() {
        return super.isConnected() && redis.isConnected();
    }

    /**
     * Readiness: Redis connected, every namespace's subscriptions confirmed, and every read loop reading, so this
     * node is counted by the others and gets their broadcasts.
     */
    @Override
    public boolean isReady() {
        return super.isReady() && readers.values().stream().allMatch(StreamReader::isReading);
    }

    /** Stops the read loops, the timer and the Redis connections. Close the server's adapters first. */
    @Override
    public void close() {
        adapters().forEach(RedisStreamsAdapter::awaitSessionWrites);
        readers.values().forEach(StreamReader::close);
        readers.clear();
        super.close(); // the timer and the pub/sub transport
        redis.close();
        log.debug("streams adapter factory closed");
    }
}

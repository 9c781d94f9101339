package io.roomcast.cluster.transport;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.roomcast.cluster.ClusterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link PubSubTransport} on one standalone Redis through lettuce, with byte-array values
 * ({@link ByteArrayCodec}): one connection for PUBLISH and PUBSUB NUMSUB, one for subscriptions, as Node's adapter
 * uses a pub and a sub client.
 *
 * <p><b>Reconnection.</b> Both connections reconnect by themselves, with a delay that doubles from
 * {@link LettuceTransportOptions#reconnectDelayMin()} to {@link LettuceTransportOptions#reconnectDelayMax()}.
 * Lettuce re-subscribes by itself: its pub/sub endpoint keeps the confirmed channels and patterns and
 * {@code StatefulRedisPubSubConnectionImpl.activated()} re-issues SUBSCRIBE/PSUBSCRIBE for them on every reconnect
 * (checked by {@code LettuceTransportIntegrationTests}). While the command connection is down, publishes fail at
 * once ({@code REJECT_COMMANDS}) and are counted, instead of piling up in memory; a publish already in flight fails
 * after {@link LettuceTransportOptions#commandTimeout()} unless the connection comes back first. Subscribing while
 * down is queued until the connection is back.
 *
 * <p><b>Publishing.</b> PUBLISH and SPUBLISH go through a {@link WriteCoalescer}: queued, then written in
 * batches with one flush each on the command connection's I/O thread, as node-redis pipelines the writes of one
 * tick (one flush per PUBLISH cost Redis about a read syscall per few messages). Past
 * {@link WriteCoalescer#DEFAULT_MAX_QUEUED} publishes waiting for their batch, a publish fails at once and is
 * counted. Order is kept: the publishes of one caller leave in the order they were made.
 *
 * <p>Messages reach listeners on lettuce's I/O thread: listeners must not block. {@link #sharded()} gives the
 * sharded commands on the same connections (lettuce re-issues SSUBSCRIBE on reconnect too). For a Redis Cluster use
 * a cluster transport.
 */
public final class LettuceTransport implements PubSubTransport {

    private static final Logger log = LoggerFactory.getLogger(LettuceTransport.class);

    private final ClientResources resources;
    private final RedisClient commandClient;
    private final RedisClient subscriptionClient;
    private final StatefulRedisConnection<byte[], byte[]> commands;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriptions;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    /** Listeners of shard channels (SSUBSCRIBE), a space of their own in Redis. */
    private final SubscriptionRegistry shardRegistry = new SubscriptionRegistry();
    private final ShardedChannels sharded = new ShardedChannels();
    private final TransportCounters counters = new TransportCounters();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean commandsUp = new AtomicBoolean(true);
    private final AtomicBoolean subscriptionsUp = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Serialises registry changes with the SUBSCRIBE/UNSUBSCRIBE they imply, so Redis sees them in order. */
    private final Object subscriptionLock = new Object();
    private final CoalescingPublisher publisher;
    private final StallDetector stalls;

    private LettuceTransport(ClientResources resources, RedisClient commandClient, RedisClient subscriptionClient,
                             StatefulRedisConnection<byte[], byte[]> commands,
                             StatefulRedisPubSubConnection<byte[], byte[]> subscriptions, CommandChannelLoop loop,
                             int maxQueuedPublishes, LettuceTransportOptions options) {
        this.resources = resources;
        this.commandClient = commandClient;
        this.subscriptionClient = subscriptionClient;
        this.commands = commands;
        this.subscriptions = subscriptions;
        // before the first channel is known, drains run on lettuce's computation threads
        this.publisher = new CoalescingPublisher(new WriteCoalescer(
                () -> loop.current(resources.eventExecutorGroup()), commands::dispatch, maxQueuedPublishes), counters);
        this.stalls = new StallDetector("Redis", () -> commands.async().ping(),
                () -> !closed.get() && commandsUp.get(), resources.eventExecutorGroup(), options.pingInterval(),
                options.stallTimeout());
    }

    public static LettuceTransport connect(RedisURI uri) {
        return connect(uri, LettuceTransportOptions.DEFAULT);
    }

    /**
     * Opens both connections.
     *
     * @throws ClusterException when Redis cannot be reached
     */
    public static LettuceTransport connect(RedisURI uri, LettuceTransportOptions options) {
        return connect(uri, options, WriteCoalescer.DEFAULT_MAX_QUEUED);
    }

    /** As {@link #connect(RedisURI, LettuceTransportOptions)}, with the bound of publishes waiting for a batch. */
    static LettuceTransport connect(RedisURI uri, LettuceTransportOptions options, int maxQueuedPublishes) {
        Objects.requireNonNull(uri, "uri must not be null");
        Objects.requireNonNull(options, "options must not be null");
        CommandChannelLoop loop = new CommandChannelLoop(); // learns the command channel's I/O thread
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(options.reconnectDelayMin(), options.reconnectDelayMax(), 2,
                        TimeUnit.MILLISECONDS))
                .nettyCustomizer(loop)
                .build();
        RedisClient commandClient = RedisClient.create(resources, uri);
        commandClient.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .sslOptions(options.sslOptions())
                .build());
        RedisClient subscriptionClient = RedisClient.create(resources, uri);
        subscriptionClient.setOptions(ClientOptions.builder().autoReconnect(true).sslOptions(options.sslOptions())
                .build());
        StatefulRedisConnection<byte[], byte[]> commands = null;
        try {
            commands = commandClient.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisPubSubConnection<byte[], byte[]> subscriptions =
                    subscriptionClient.connectPubSub(ByteArrayCodec.INSTANCE);
            LettuceTransport transport = new LettuceTransport(resources, commandClient, subscriptionClient,
                    commands, subscriptions, loop, maxQueuedPublishes, options);
            transport.listen();
            return transport;
        } catch (RuntimeException e) {
            if (commands != null) {
                commands.close();
            }
            shutdown(resources, commandClient, subscriptionClient);
            throw ClusterException.cannotConnect(uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    private void listen() {
        commands.addListener(new LinkListener(ConnectionEvent.Link.PUBLISH, commandsUp));
        subscriptions.addListener(new LinkListener(ConnectionEvent.Link.SUBSCRIBE, subscriptionsUp));
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                onMessage(text(channel), null, message);
            }

            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                onMessage(text(channel), text(pattern), message);
            }

            @Override
            public void smessage(byte[] shardChannel, byte[] message) {
                if (shardRegistry.dispatch(text(shardChannel), null, message) > 0) {
                    counters.received.increment();
                }
            }
        });
    }

    @Override
    public CompletableFuture<Long> publish(String channel, byte[] message) {
        return publish(false, channel, message);
    }

    private CompletableFuture<Long> publish(boolean shard, String channel, byte[] message) {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(message, "message must not be null");
        if (closed.get()) {
            CompletableFuture<Long> result = new CompletableFuture<>();
            publisher.failed(channel, new ClusterException("transport closed"), result);
            return result;
        }
        return publisher.publish(shard, channel, message);
    }

    @Override
    public CompletableFuture<Subscription> subscribe(String channel, MessageListener listener) {
        return add(Kind.CHANNEL, channel, listener);
    }

    @Override
    public CompletableFuture<Subscription> psubscribe(String pattern, MessageListener listener) {
        return add(Kind.PATTERN, pattern, listener);
    }

    private CompletableFuture<Subscription> add(Kind kind, String target, MessageListener listener) {
        Objects.requireNonNull(target, "channel or pattern must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        ensureOpen();
        Subscription subscription = new LettuceSubscription(kind, target, listener);
        synchronized (subscriptionLock) {
            if (!registryOf(kind).add(kind == Kind.PATTERN, target, listener)) {
                return CompletableFuture.completedFuture(subscription); // Redis is subscribed already
            }
            CompletionStage<Void> confirmed = switch (kind) {
                case CHANNEL -> subscriptions.async().subscribe(bytes(target));
                case PATTERN -> subscriptions.async().psubscribe(bytes(target));
                case SHARD_CHANNEL -> subscriptions.async().ssubscribe(bytes(target));
            };
            return confirmed.toCompletableFuture().handle((ok, error) -> {
                if (error != null) {
                    subscription.unsubscribe();
                    throw new ClusterException(kind.subscribe + " " + target + " failed: " + error.getMessage(),
                            error);
                }
                return subscription;
            });
        }
    }

    private SubscriptionRegistry registryOf(Kind kind) {
        return kind == Kind.SHARD_CHANNEL ? shardRegistry : registry;
    }

    @Override
    public CompletableFuture<Long> numsub(String channel) {
        Objects.requireNonNull(channel, "channel must not be null");
        ensureOpen();
        return commands.async().pubsubNumsub(bytes(channel)).toCompletableFuture()
                .thenApply(counts -> counts.values().stream().findFirst().orElse(0L));
    }

    @Override
    public PubSubTransport sharded() {
        return sharded;
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public boolean isConnected() {
        return !closed.get() && commandsUp.get() && subscriptionsUp.get();
    }

    /** {@link RedisState#STALLED} while a PING of the command connection is unanswered past the stall timeout. */
    @Override
    public RedisState state() {
        if (!isConnected()) {
            return RedisState.DOWN;
        }
        return stalls.isStalled() ? RedisState.STALLED : RedisState.UP;
    }

    @Override
    public TransportStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stalls.close();
        subscriptions.close();
        commands.close();
        shutdown(resources, commandClient, subscriptionClient);
    }

    private static void shutdown(ClientResources resources, RedisClient... clients) {
        for (RedisClient client : clients) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private void onMessage(String channel, String pattern, byte[] message) {
        if (registry.dispatch(channel, pattern, message) > 0) {
            counters.received.increment();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ClusterException("transport closed");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Turns lettuce's per-connection events into up/down transitions, counted once each. */
    private final class LinkListener implements RedisConnectionStateListener {

        private final ConnectionEvent.Link link;
        private final AtomicBoolean up;

        LinkListener(ConnectionEvent.Link link, AtomicBoolean up) {
            this.link = link;
            this.up = up;
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (up.compareAndSet(false, true)) {
                counters.reconnects.increment();
                log.info("Redis {} connection to {} is back", link, address);
                notifyListeners(new ConnectionEvent(link, true));
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (!closed.get() && up.compareAndSet(true, false)) {
                counters.disconnects.increment();
                log.warn("Redis {} connection lost; reconnecting", link);
                notifyListeners(new ConnectionEvent(link, false));
            }
        }

        private void notifyListeners(ConnectionEvent event) {
            for (ConnectionListener listener : connectionListeners) {
                try {
                    listener.onConnectionEvent(event);
                } catch (RuntimeException e) {
                    log.warn("connection listener failed on {}", event, e);
                }
            }
        }
    }

    /** What a subscription is on, with the Redis command that makes it. */
    private enum Kind {
        CHANNEL("SUBSCRIBE"), PATTERN("PSUBSCRIBE"), SHARD_CHANNEL("SSUBSCRIBE");

        final String subscribe;

        Kind(String subscribe) {
            this.subscribe = subscribe;
        }
    }

    /** {@link PubSubTransport#sharded()}: the same connections, with the sharded commands. */
    private final class ShardedChannels implements PubSubTransport {

        @Override
        public CompletableFuture<Long> publish(String channel, byte[] message) {
            return LettuceTransport.this.publish(true, channel, message);
        }

        @Override
        public CompletableFuture<Subscription> subscribe(String channel, MessageListener listener) {
            return add(Kind.SHARD_CHANNEL, channel, listener);
        }

        @Override
        public CompletableFuture<Subscription> psubscribe(String pattern, MessageListener listener) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                    "Redis has no sharded pattern subscriptions"));
        }

        @Override
        public CompletableFuture<Long> numsub(String channel) {
            Objects.requireNonNull(channel, "channel must not be null");
            ensureOpen();
            return commands.async().pubsubShardNumsub(bytes(channel)).toCompletableFuture()
                    .thenApply(counts -> counts.values().stream().findFirst().orElse(0L));
        }

        @Override
        public PubSubTransport sharded() {
            return this;
        }

        @Override
        public void addConnectionListener(ConnectionListener listener) {
            LettuceTransport.this.addConnectionListener(listener);
        }

        @Override
        public boolean isConnected() {
            return LettuceTransport.this.isConnected();
        }

        @Override
        public RedisState state() {
            return LettuceTransport.this.state();
        }

        @Override
        public TransportStats stats() {
            return LettuceTransport.this.stats();
        }

        @Override
        public void close() {
            // the view owns nothing
        }
    }

    private final class LettuceSubscription implements Subscription {

        private final Kind kind;
        private final String target;
        private final MessageListener listener;
        private final AtomicBoolean active = new AtomicBoolean(true);

        LettuceSubscription(Kind kind, String target, MessageListener listener) {
            this.kind = kind;
            this.target = target;
            this.listener = listener;
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public CompletableFuture<Void> unsubscribe() {
            if (!active.compareAndSet(true, false) || closed.get()) {
                return CompletableFuture.completedFuture(null);
            }
            synchronized (subscriptionLock) {
                if (!registryOf(kind).remove(kind == Kind.PATTERN, target, listener)) {
                    return CompletableFuture.completedFuture(null);
                }
                CompletionStage<Void> done = switch (kind) {
                    case CHANNEL -> subscriptions.async().unsubscribe(bytes(target));
                    case PATTERN -> subscriptions.async().punsubscribe(bytes(target));
                    case SHARD_CHANNEL -> subscriptions.async().sunsubscribe(bytes(target));
                };
                return done.toCompletableFuture();
            }
        }
    }
}

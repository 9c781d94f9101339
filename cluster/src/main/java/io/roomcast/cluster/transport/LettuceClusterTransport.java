package io.roomcast.cluster.transport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.roomcast.cluster.ClusterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link PubSubTransport} on a Redis Cluster through lettuce's cluster client: the classic commands (PUBLISH,
 * SUBSCRIBE, PSUBSCRIBE, NUMSUB summed over every node) and, in {@link #sharded()}, Redis 7's sharded pub/sub.
 *
 * <p><b>Sharded channels follow their slot.</b> A shard channel lives on the master that owns its slot (the
 * KEYSLOT of the channel name). SPUBLISH goes there through lettuce's slot routing (MOVED replies refresh the slot
 * map). Lettuce sends SSUBSCRIBE on one default connection whatever the slot, so {@link ShardPlacements} places
 * each subscription on its master's node connection itself and moves it when the slot map changes: after a
 * failover (the replica promoted), a slot migration, or a lost node connection. This is what Node's
 * {@code createShardedAdapter} on node-redis does not do: its room channels stay on the dead master.
 *
 * <p><b>Classic channels.</b> PUBLISH reaches every node of a Redis Cluster, so classic subscriptions live on one
 * connection to any node; lettuce reconnects it to a live node and re-subscribes. NUMSUB is summed over the nodes
 * that answer, since a subscription is counted only by the node holding it.
 *
 * <p><b>Batched publishes.</b> PUBLISH and SPUBLISH go through a {@link WriteCoalescer}, as in
 * {@link LettuceTransport}: one {@code dispatch(Collection)} per drain, which lettuce splits by slot and writes to
 * each master's connection with one flush (order is kept per connection, so per channel). Drains run on lettuce's
 * computation threads, since no single I/O thread owns every master's connection; the bound of queued publishes is
 * the same.
 *
 * <p>Publishes to a node that is down fail at once ({@code REJECT_COMMANDS}) and are counted; the caller delivers
 * locally anyway. The slot map is read again every {@link LettuceTransportOptions#topologyRefreshPeriod()} and at
 * once on MOVED/ASK replies and persistent reconnects.
 */
public final class LettuceClusterTransport implements PubSubTransport {

    private static final Logger log = LoggerFactory.getLogger(LettuceClusterTransport.class);

    private final ClientResources resources;
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<byte[], byte[]> commands;
    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> subscriptions;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    private final TransportCounters counters = new TransportCounters();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Last state {@link #checkHealth} saw; the first time up (initial placement done) is not a "reconnect". */
    private final AtomicBoolean up = new AtomicBoolean();
    private volatile boolean seenUp;
    private final Object subscriptionLock = new Object();
    private final ScheduledExecutorService placer;
    private final ShardPlacements placements;
    private final ShardedChannels sharded = new ShardedChannels();
    private final Disposable events;
    /** Batches publishes as the standalone transport does; lettuce splits each batch by slot, one flush per node. */
    private final CoalescingPublisher publisher;
    /** PINGs every master: one frozen master stalls the publishes routed to its slots. */
    private final StallDetector stalls;

    private LettuceClusterTransport(ClientResources resources, RedisClusterClient client,
                                    StatefulRedisClusterConnection<byte[], byte[]> commands,
                                    StatefulRedisClusterPubSubConnection<byte[], byte[]> subscriptions,
                                    LettuceTransportOptions options) {
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.subscriptions = subscriptions;
        // no single I/O thread to drain on (a channel per master): lettuce's computation threads drain
        this.publisher = new CoalescingPublisher(new WriteCoalescer(resources::eventExecutorGroup, commands::dispatch,
                WriteCoalescer.DEFAULT_MAX_QUEUED), counters);
        this.placer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "roomcast-shard-placer");
            thread.setDaemon(true);
            return thread;
        });
        this.placements = new ShardPlacements(subscriptions, this::partitions, placer, this::updateHealth);
        subscriptions.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void message(RedisClusterNode node, byte[] channel, byte[] message) {
                onMessage(registry, text(channel), null, message);
            }

            @Override
            public void message(RedisClusterNode node, byte[] pattern, byte[] channel, byte[] message) {
                onMessage(registry, text(channel), text(pattern), message);
            }

            @Override
            public void smessage(RedisClusterNode node, byte[] channel, byte[] message) {
                onMessage(placements.registry(), text(channel), null, message);
            }

            @Override
            public void sunsubscribed(RedisClusterNode node, byte[] channel, long count) {
                // Redis 7 unsubscribes shard channels itself when their slot moves away from the node
                placements.lost(text(channel), node == null ? null : node.getNodeId());
            }
        });
        this.events = resources.eventBus().get().subscribe(event -> {
            if (event instanceof ClusterTopologyChangedEvent || event instanceof ConnectionDeactivatedEvent) {
                placements.reconcileSoon();
            }
        });
        try { // so that the first publishes find their connections open
            CompletableFuture.allOf(openMasterConnections().toArray(CompletableFuture[]::new))
                    .get(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("not every master connection opened at start: {}", e.getMessage());
        }
        this.stalls = new StallDetector("a Redis Cluster master", () -> commands.async().upstream().commands().ping(),
                () -> !closed.get() && commands.isOpen(), placer, options.pingInterval(), options.stallTimeout());
        long tick = Math.max(100, options.topologyRefreshPeriod().toMillis() / 4);
        placer.scheduleWithFixedDelay(this::checkHealth, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to the cluster through any of its nodes.
     *
     * @param seeds one or more nodes of the cluster; the rest is discovered
     * @throws ClusterException when no seed answers, or the seeds are not a Redis Cluster
     */
    public static LettuceClusterTransport connect(List<RedisURI> seeds, LettuceTransportOptions options) {
        Objects.requireNonNull(seeds, "seeds must not be null");
        Objects.requireNonNull(options, "options must not be null");
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
        }
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(options.reconnectDelayMin(), options.reconnectDelayMax(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .sslOptions(options.sslOptions())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(options.topologyRefreshPeriod())
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(options.topologyRefreshPeriod())
                        .refreshTriggersReconnectAttempts(2)
                        .dynamicRefreshSources(true)
                        .closeStaleConnections(true)
                        .build())
                .build());
        StatefulRedisClusterConnection<byte[], byte[]> commands = null;
        try {
            commands = client.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisClusterPubSubConnection<byte[], byte[]> subscriptions =
                    client.connectPubSub(ByteArrayCodec.INSTANCE);
            return new LettuceClusterTransport(resources, client, commands, subscriptions, options);
        } catch (RuntimeException e) {
            if (commands != null) {
                commands.close();
            }
            client.shutdown(0, 2, TimeUnit.SECONDS);
            String why = diagnose(seeds, resources, options);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new ClusterException("cannot connect to the Redis Cluster at " + describe(seeds) + ": " + why, e);
        }
    }

    /**
     * Why no seed gave a slot map, seed by seed: lettuce only says it could not retrieve the partitions, which does
     * not tell a standalone Redis (the usual mistake) from a node that is down.
     */
    private static String diagnose(List<RedisURI> seeds, ClientResources resources, LettuceTransportOptions options) {
        List<String> reasons = new ArrayList<>();
        for (RedisURI seed : seeds) {
            String where = seed.getHost() + ":" + seed.getPort();
            RedisClient probe = RedisClient.create(resources, seed);
            probe.setOptions(ClientOptions.builder().autoReconnect(false).sslOptions(options.sslOptions())
                    .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout())).build());
            try (StatefulRedisConnection<String, String> connection = probe.connect()) {
                String info = connection.sync().info("cluster");
                reasons.add(info.contains("cluster_enabled:1") ? where + " is a cluster node but gave no slot map"
                        : where + " is a standalone Redis, not a Redis Cluster (cluster_enabled:0)");
            } catch (RuntimeException e) {
                reasons.add(where + " does not answer (" + e.getMessage() + ")");
            } finally {
                probe.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
        return String.join("; ", reasons);
    }

    private Partitions partitions() {
        return commands.getPartitions();
    }

    // ---------------------------------------------------------------- classic pub/sub

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
        return add(false, channel, listener);
    }

    @Override
    public CompletableFuture<Subscription> psubscribe(String pattern, MessageListener listener) {
        return add(true, pattern, listener);
    }

    private CompletableFuture<Subscription> add(boolean pattern, String target, MessageListener listener) {
        Objects.requireNonNull(target, "channel or pattern must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        ensureOpen();
        AtomicBoolean active = new AtomicBoolean(true);
        Subscription subscription = new Subscription() {
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
                    if (!registry.remove(pattern, target, listener)) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return (pattern ? subscriptions.async().punsubscribe(bytes(target))
                            : subscriptions.async().unsubscribe(bytes(target))).toCompletableFuture();
                }
            }
        };
        synchronized (subscriptionLock) {
            if (!registry.add(pattern, target, listener)) {
                return CompletableFuture.completedFuture(subscription);
            }
            CompletionStage<Void> confirmed = pattern ? subscriptions.async().psubscribe(bytes(target))
                    : subscriptions.async().subscribe(bytes(target));
            return confirmed.toCompletableFuture().handle((ok, error) -> {
                if (error != null) {
                    subscription.unsubscribe();
                    throw new ClusterException((pattern ? "PSUBSCRIBE " : "SUBSCRIBE ") + target + " failed: "
                            + error.getMessage(), error);
                }
                return subscription;
            });
        }
    }

    /** NUMSUB of every node that answers, summed: each node counts only the subscriptions it holds. */
    @Override
    public CompletableFuture<Long> numsub(String channel) {
        Objects.requireNonNull(channel, "channel must not be null");
        ensureOpen();
        List<CompletableFuture<Long>> counts = new ArrayList<>();
        for (RedisClusterNode node : partitions()) {
            counts.add(commands.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                    .thenCompose(connection -> connection.async().pubsubNumsub(bytes(channel)))
                    .thenApply(result -> result.values().stream().findFirst().orElse(0L))
                    .toCompletableFuture()
                    .exceptionally(error -> {
                        log.debug("NUMSUB on {} failed: {}", node.getUri(), error.getMessage());
                        return 0L;
                    }));
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> counts.stream().mapToLong(CompletableFuture::join).sum());
    }

    @Override
    public PubSubTransport sharded() {
        return sharded;
    }

    // ---------------------------------------------------------------- state

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    /** The command and subscription connections are up and every shard channel is subscribed on its master. */
    @Override
    public boolean isConnected() {
        return !closed.get() && commands.isOpen() && subscriptions.isOpen() && placements.allPlaced();
    }

    /** {@link RedisState#STALLED} while a PING to some master is unanswered past the stall timeout. */
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

    /**
     * Each shard channel with the {@code host:port} of the node it is subscribed on (null while being placed), for
     * diagnostics and tests.
     */
    public java.util.Map<String, String> shardPlacements() {
        return placements.snapshot();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.dispose();
        stalls.close();
        placer.shutdownNow();
        subscriptions.close();
        commands.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Placer thread, periodically: opens new masters' connections, reports the state, re-places what moved. */
    private void checkHealth() {
        if (closed.get()) {
            return;
        }
        openMasterConnections();
        updateHealth();
        placements.reconcile();
    }

    /** Placer thread: turns the connections' and placements' state into down/up events, counted once each. */
    private void updateHealth() {
        if (closed.get()) {
            return;
        }
        boolean now = isConnected();
        if (up.compareAndSet(!now, now)) {
            if (now && !seenUp) {
                seenUp = true; // the first placement is done: not a reconnect
                return;
            }
            if (now) {
                counters.reconnects.increment();
                log.info("Redis Cluster connections are back and every shard channel is subscribed");
            } else {
                counters.disconnects.increment();
                log.warn("Redis Cluster connection lost or a shard channel lost its master; recovering");
            }
            tellListeners(new ConnectionEvent(ConnectionEvent.Link.SUBSCRIBE, now));
        }
    }

    private void tellListeners(ConnectionEvent event) {
        for (ConnectionListener listener : connectionListeners) {
            try {
                listener.onConnectionEvent(event);
            } catch (RuntimeException e) {
                log.warn("connection listener failed on {}", event, e);
            }
        }
    }

    /**
     * Opens the command connection of every master before a publish needs it: lettuce opens a slot's connection on
     * first use and, with {@code REJECT_COMMANDS}, rejects the commands that arrive while it is still connecting
     * ({@code ClusterDistributionChannelWriter.shouldRejectPendingConnection}), so a new master (after a failover)
     * would cost the first publishes routed to it. Keyed by host and port, as lettuce's slot routing keys them.
     * The pub/sub connection of every master is opened too, by node id as the shard placements use them: the first
     * SSUBSCRIBE on a master then waits for no connect, which shortens the window in which a room just joined does
     * not yet hear that room's broadcasts (the sharded adapter subscribes a room on its first local member).
     */
    private List<CompletableFuture<?>> openMasterConnections() {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : partitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
                opening.add(commands.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                        .toCompletableFuture().exceptionally(error -> null));
                opening.add(subscriptions.getConnectionAsync(node.getNodeId())
                        .toCompletableFuture().exceptionally(error -> null));
            }
        }
        return opening;
    }

    private void onMessage(SubscriptionRegistry target, String channel, String pattern, byte[] message) {
        if (target.dispatch(channel, pattern, message) > 0) {
            counters.received.increment();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ClusterException("transport closed");
        }
    }

    private static String describe(List<RedisURI> seeds) {
        return String.join(",", seeds.stream().map(uri -> uri.getHost() + ":" + uri.getPort()).toList());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@link PubSubTransport#sharded()}: SPUBLISH routed by slot, SSUBSCRIBE placed by {@link ShardPlacements}. */
    private final class ShardedChannels implements PubSubTransport {

        @Override
        public CompletableFuture<Long> publish(String channel, byte[] message) {
            return LettuceClusterTransport.this.publish(true, channel, message);
        }

        @Override
        public CompletableFuture<Subscription> subscribe(String channel, MessageListener listener) {
            ensureOpen();
            return placements.subscribe(channel, listener);
        }

        @Override
        public CompletableFuture<Subscription> psubscribe(String pattern, MessageListener listener) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                    "Redis has no sharded pattern subscriptions"));
        }

        /**
         * SHARDNUMSUB at the master of the channel's slot (lettuce routes it by the channel): the only master with
         * subscribers of it, so the same as Node's sum over masters, without waiting on the masters that are down.
         */
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
            LettuceClusterTransport.this.addConnectionListener(listener);
        }

        @Override
        public boolean isConnected() {
            return LettuceClusterTransport.this.isConnected();
        }

        @Override
        public RedisState state() {
            return LettuceClusterTransport.this.state();
        }

        @Override
        public TransportStats stats() {
            return LettuceClusterTransport.this.stats();
        }

        @Override
        public void close() {
            // the view owns nothing
        }
    }
}

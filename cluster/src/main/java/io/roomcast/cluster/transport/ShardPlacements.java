package io.roomcast.cluster.transport;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.roomcast.cluster.ClusterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static io.roomcast.cluster.transport.LettuceClusterTransport.bytes;

/**
 * Where each shard channel of a {@link LettuceClusterTransport} is subscribed: on the node connection of the master
 * that owns the channel's slot. Every change runs on one placer thread, so the SSUBSCRIBE and SUNSUBSCRIBE of a
 * channel are issued in order; {@link #reconcile()} moves a channel whose slot changed master, whose node
 * connection went down, or that Redis unsubscribed, and retries the ones that failed.
 */
final class ShardPlacements {

    private static final Logger log = LoggerFactory.getLogger(ShardPlacements.class);

    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> pubsub;
    private final Supplier<Partitions> partitions;
    private final ScheduledExecutorService placer;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    /** Listener bookkeeping and the placement work it implies happen in this order. */
    private final Object lock = new Object();
    /** channel -> node id it is confirmed subscribed on. */
    private final Map<String, String> placedOn = new ConcurrentHashMap<>();
    /** Channels with an SSUBSCRIBE in flight (placer thread only). */
    private final Set<String> inFlight = new HashSet<>();
    /** "nodeId channel" -> SUNSUBSCRIBEs we sent whose answer has not come back yet (placer thread only). */
    private final Map<String, Integer> ownUnsubscribes = new HashMap<>();
    /** First subscription of a channel: completes once it is placed. */
    private final Map<String, CompletableFuture<Void>> confirmations = new ConcurrentHashMap<>();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    /** Told on the placer thread each time a placement is dropped or confirmed, so no down/up edge goes unseen. */
    private final Runnable placementsChanged;

    ShardPlacements(StatefulRedisClusterPubSubConnection<byte[], byte[]> pubsub, Supplier<Partitions> partitions,
                    ScheduledExecutorService placer, Runnable placementsChanged) {
        this.pubsub = pubsub;
        this.partitions = partitions;
        this.placer = placer;
        this.placementsChanged = placementsChanged;
    }

    SubscriptionRegistry registry() {
        return registry;
    }

    /** Completes once the channel is subscribed on its master; while the cluster cannot place it, it waits. */
    CompletableFuture<Subscription> subscribe(String channel, MessageListener listener) {
        AtomicBoolean active = new AtomicBoolean(true);
        Subscription subscription = new Subscription() {
            @Override
            public String target() {
                return channel;
            }

            @Override
            public CompletableFuture<Void> unsubscribe() {
                if (active.compareAndSet(true, false)) {
                    synchronized (lock) {
                        if (registry.remove(false, channel, listener)) {
                            run(() -> unplace(channel));
                        }
                    }
                }
                return CompletableFuture.completedFuture(null);
            }
        };
        CompletableFuture<Void> confirmed;
        synchronized (lock) {
            boolean first = registry.add(false, channel, listener);
            confirmed = confirmations.computeIfAbsent(channel, c -> new CompletableFuture<>());
            if (first) {
                run(() -> place(channel));
            }
        }
        return confirmed.thenApply(ok -> subscription);
    }

    /** Whether every channel with a listener is confirmed on a node. */
    boolean allPlaced() {
        for (String channel : registry.channels()) {
            if (!placedOn.containsKey(channel)) {
                return false;
            }
        }
        return true;
    }

    /** channel -> {@code host:port} of the node it is subscribed on, or null while it is being placed. */
    Map<String, String> snapshot() {
        Partitions map = partitions.get();
        Map<String, String> view = new java.util.TreeMap<>();
        registry.channels().forEach(channel -> {
            String nodeId = placedOn.get(channel);
            RedisClusterNode node = nodeId == null ? null : map.getPartitionByNodeId(nodeId);
            view.put(channel, node == null ? null : node.getUri().getHost() + ":" + node.getUri().getPort());
        });
        return view;
    }

    /**
     * Redis unsubscribed the channel on that node: the answer to our own SUNSUBSCRIBE (ignored), or Redis dropped it
     * because its slot moved away: place it again.
     */
    void lost(String channel, String nodeId) {
        if (nodeId == null) {
            return;
        }
        run(() -> {
            String key = nodeId + " " + channel;
            Integer own = ownUnsubscribes.get(key);
            if (own != null) {
                if (own == 1) {
                    ownUnsubscribes.remove(key);
                } else {
                    ownUnsubscribes.put(key, own - 1);
                }
                return;
            }
            if (placedOn.remove(channel, nodeId)) {
                log.info("shard channel {} was unsubscribed by node {}; subscribing on its new master", channel,
                        nodeId);
                placementsChanged.run();
                reconcile();
            }
        });
    }

    void reconcileSoon() {
        if (reconcileQueued.compareAndSet(false, true)) {
            run(() -> {
                reconcileQueued.set(false);
                reconcile();
            });
        }
    }

    /** Placer thread: every channel on its slot's master with an open connection; stale placements dropped. */
    void reconcile() {
        Partitions map = partitions.get();
        boolean dropped = false;
        for (String channel : registry.channels()) {
            String placed = placedOn.get(channel);
            RedisClusterNode master = masterOf(map, channel);
            boolean wrongNode = master != null && placed != null && !placed.equals(master.getNodeId());
            if (placed != null && (wrongNode || !isOpen(placed))) {
                placedOn.remove(channel, placed);
                log.info("shard channel {} {} node {}; subscribing it on the master of its slot{}", channel,
                        wrongNode ? "moved away from" : "lost its connection to", placed,
                        master == null ? " once one is known" : " " + master.getUri());
                placed = null;
                dropped = true;
            }
            if (placed == null) {
                place(channel);
            }
        }
        for (String channel : Set.copyOf(placedOn.keySet())) {
            if (!registry.hasChannel(channel)) {
                unplace(channel);
            }
        }
        if (dropped) {
            placementsChanged.run();
        }
    }

    /** Placer thread. */
    private void place(String channel) {
        if (!registry.hasChannel(channel) || placedOn.containsKey(channel) || !inFlight.add(channel)) {
            return;
        }
        RedisClusterNode master = masterOf(partitions.get(), channel);
        if (master == null) {
            inFlight.remove(channel);
            log.debug("no master owns the slot of {} yet", channel);
            return;
        }
        String nodeId = master.getNodeId();
        pubsub.getConnectionAsync(nodeId)
                .thenCompose(connection -> connection.async().ssubscribe(bytes(channel)))
                .whenComplete((ok, error) -> run(() -> placed(channel, nodeId, master, error)));
    }

    /** Placer thread: the outcome of an SSUBSCRIBE. */
    private void placed(String channel, String nodeId, RedisClusterNode master, Throwable error) {
        inFlight.remove(channel);
        if (error != null) {
            log.debug("SSUBSCRIBE {} on {} failed (retried): {}", channel, master.getUri(), error.getMessage());
            return;
        }
        if (!registry.hasChannel(channel)) {
            unsubscribeOn(nodeId, channel); // the last listener left while it was in flight
            return;
        }
        placedOn.put(channel, nodeId);
        CompletableFuture<Void> confirmed = confirmations.get(channel);
        if (confirmed != null) {
            confirmed.complete(null);
        }
        placementsChanged.run();
    }

    /** Placer thread. */
    private void unplace(String channel) {
        if (registry.hasChannel(channel)) {
            return; // subscribed again meanwhile
        }
        confirmations.remove(channel);
        String nodeId = placedOn.remove(channel);
        if (nodeId != null) {
            unsubscribeOn(nodeId, channel);
        }
    }

    private void unsubscribeOn(String nodeId, String channel) {
        if (isOpen(nodeId)) {
            String key = nodeId + " " + channel;
            ownUnsubscribes.merge(key, 1, Integer::sum);
            pubsub.getConnectionAsync(nodeId)
                    .thenCompose(connection -> connection.async().sunsubscribe(bytes(channel)))
                    .exceptionally(error -> {
                        log.debug("SUNSUBSCRIBE {} failed: {}", channel, error.getMessage());
                        run(() -> ownUnsubscribes.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1));
                        return null;
                    });
        }
    }

    /** Whether the node connection exists and is connected; never opens one. */
    private boolean isOpen(String nodeId) {
        try {
            StatefulRedisPubSubConnection<byte[], byte[]> connection =
                    pubsub.getConnectionAsync(nodeId).getNow(null);
            return connection != null && connection.isOpen();
        } catch (RuntimeException e) {
            return false; // unknown node or failed connect
        }
    }

    private static RedisClusterNode masterOf(Partitions map, String channel) {
        RedisClusterNode node = map.getMasterBySlot(SlotHash.getSlot(bytes(channel)));
        return node != null && node.is(RedisClusterNode.NodeFlag.UPSTREAM)
                && !node.is(RedisClusterNode.NodeFlag.FAIL) ? node : null;
    }

    private void run(Runnable task) {
        try {
            placer.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("placing shard channels failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ClusterException("transport closed", e);
        }
    }
}

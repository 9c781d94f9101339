package io.roomcast.cluster.transport;

import io.roomcast.cluster.ClusterException;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transport on an {@link InMemoryBus}: the main unit-test double, one per simulated node (socket.io-adapter's
 * {@code EventEmitterAdapter} in {@code test/cluster-adapter.ts}). {@link #failPublish(boolean)} makes publishes fail
 * as they would with Redis down, to test that a node still delivers locally.
 */
public final class InMemoryTransport implements PubSubTransport {

    private final InMemoryBus bus;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    private final TransportCounters counters = new TransportCounters();
    private final AtomicBoolean failPublish = new AtomicBoolean();
    private final AtomicBoolean closed;
    /** The sharded channel space: a transport on the bus's own shard bus, sharing this one's state; null on it. */
    private final InMemoryTransport shardedView;

    public InMemoryTransport(InMemoryBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus must not be null");
        this.closed = new AtomicBoolean();
        this.shardedView = new InMemoryTransport(bus.shardBus(), this);
        bus.join(this);
    }

    private InMemoryTransport(InMemoryBus shardBus, InMemoryTransport owner) {
        this.bus = shardBus;
        this.closed = owner.closed;
        this.shardedView = null;
        shardBus.join(this);
    }

    /** While on, every publish fails with a {@link ClusterException} and is counted as a failure. */
    public void failPublish(boolean fail) {
        failPublish.set(fail);
        if (shardedView != null) {
            shardedView.failPublish(fail);
        }
    }

    /** Shard channels on a bus of their own, as Redis keeps them apart from plain channels. */
    @Override
    public PubSubTransport sharded() {
        return shardedView == null ? this : shardedView;
    }

    @Override
    public CompletableFuture<Long> publish(String channel, byte[] message) {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(message, "message must not be null");
        if (closed.get() || failPublish.get()) {
            counters.publishFailures.increment();
            return CompletableFuture.failedFuture(new ClusterException(
                    closed.get() ? "transport closed" : "publish failed (failPublish is on)"));
        }
        long receivers = bus.publish(channel, message);
        counters.published.increment();
        return CompletableFuture.completedFuture(receivers);
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
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ClusterException("transport closed"));
        }
        registry.add(pattern, target, listener);
        AtomicBoolean active = new AtomicBoolean(true);
        return CompletableFuture.completedFuture(new Subscription() {
            @Override
            public String target() {
                return target;
            }

            @Override
            public CompletableFuture<Void> unsubscribe() {
                if (active.compareAndSet(true, false)) {
                    registry.remove(pattern, target, listener);
                }
                return CompletableFuture.completedFuture(null);
            }
        });
    }

    @Override
    public CompletableFuture<Long> numsub(String channel) {
        return CompletableFuture.completedFuture(bus.numsub(channel));
    }

    /** Never disconnects, so listeners are never called. */
    @Override
    public void addConnectionListener(ConnectionListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
    }

    @Override
    public boolean isConnected() {
        return !closed.get();
    }

    @Override
    public TransportStats stats() {
        return counters.snapshot();
    }

    /** Closes this transport and its sharded view; closing the view alone does nothing. */
    @Override
    public void close() {
        if (shardedView != null && closed.compareAndSet(false, true)) {
            bus.leave(this);
            shardedView.bus.leave(shardedView);
        }
    }

    long subscriptionsMatching(String channel) {
        long count = registry.hasChannel(channel) ? 1 : 0;
        for (String pattern : registry.patterns()) {
            if (GlobPattern.matches(pattern, channel)) {
                count++;
            }
        }
        return count;
    }

    boolean hasChannel(String channel) {
        return registry.hasChannel(channel);
    }

    /** Runs on the bus thread: plain subscribers first, then each matching pattern, as Redis does. */
    void deliver(String channel, byte[] message) {
        int delivered = registry.dispatch(channel, null, message.clone());
        for (String pattern : registry.patterns()) {
            if (GlobPattern.matches(pattern, channel)) {
                delivered += registry.dispatch(channel, pattern, message.clone());
            }
        }
        if (delivered > 0) {
            counters.received.increment();
        }
    }
}

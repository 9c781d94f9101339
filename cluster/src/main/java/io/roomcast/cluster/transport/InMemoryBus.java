package io.roomcast.cluster.transport;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for one Redis server shared by several {@link InMemoryTransport}s, as socket.io-adapter's tests share
 * one {@code EventEmitter} between servers. Messages are delivered on one dispatcher thread, in publish order, after
 * {@code publish} returned, as Redis delivers them: a publisher never runs subscriber code on its own stack.
 */
public final class InMemoryBus implements AutoCloseable {

    private final Set<InMemoryTransport> members = new CopyOnWriteArraySet<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "roomcast-inmemory-bus");
        thread.setDaemon(true);
        return thread;
    });

    /** Shard channels (SPUBLISH/SSUBSCRIBE), a separate space with its own dispatcher; null on a shard bus. */
    private final InMemoryBus shardBus;

    public InMemoryBus() {
        this(true);
    }

    private InMemoryBus(boolean withShardBus) {
        this.shardBus = withShardBus ? new InMemoryBus(false) : null;
    }

    InMemoryBus shardBus() {
        if (shardBus == null) {
            throw new IllegalStateException("a shard bus has no shard bus");
        }
        return shardBus;
    }

    void join(InMemoryTransport transport) {
        members.add(transport);
    }

    void leave(InMemoryTransport transport) {
        members.remove(transport);
    }

    /** Counts the subscribers now, as PUBLISH's reply does, and delivers to them on the dispatcher thread. */
    long publish(String channel, byte[] message) {
        long receivers = 0;
        for (InMemoryTransport member : members) {
            receivers += member.subscriptionsMatching(channel);
        }
        byte[] copy = message.clone();
        try {
            dispatcher.execute(() -> members.forEach(member -> member.deliver(channel, copy)));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("bus closed", e);
        }
        return receivers;
    }

    /** PUBSUB NUMSUB: members subscribed to exactly this channel. */
    long numsub(String channel) {
        return members.stream().filter(member -> member.hasChannel(channel)).count();
    }

    /** Waits until every message published so far has been delivered (for tests that assert on absence). */
    public void drain() {
        if (shardBus != null) {
            shardBus.drain();
        }
        try {
            dispatcher.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("bus did not drain", e);
        }
    }

    @Override
    public void close() {
        if (shardBus != null) {
            shardBus.close();
        }
        dispatcher.shutdownNow();
    }
}

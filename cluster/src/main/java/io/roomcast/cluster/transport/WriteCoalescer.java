package io.roomcast.cluster.transport;

import io.lettuce.core.protocol.RedisCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands publishes to lettuce in batches, one socket flush per batch, as node-redis does within one event-loop tick.
 *
 * <p>Why: lettuce writes and flushes every command on its own, so under load Redis reads a handful of PUBLISHes per
 * {@code read()} and spends most of its CPU on syscalls and event-loop turns per message. Here a publish is queued,
 * and one drain task, run on the connection's I/O thread, passes everything queued since (at most
 * {@link #MAX_BATCH}) to {@code dispatch(Collection)}, which lettuce writes with a single flush. Commands leave in
 * the order they were offered, so the publishes of one channel keep their order.
 *
 * <p>The queue is bounded: past {@link #DEFAULT_MAX_QUEUED} commands waiting for a drain, {@link #offer} refuses at
 * once rather than let a stalled connection hold an unbounded backlog (the caller fails and counts the publish).
 */
final class WriteCoalescer {

    /** Commands per {@code dispatch}: large enough to amortise the flush, small enough not to hog the I/O thread. */
    static final int MAX_BATCH = 512;
    /** Commands waiting for a drain beyond which a publish fails fast (about 8 full batches). */
    static final int DEFAULT_MAX_QUEUED = 4096;

    private final Queue<RedisCommand<byte[], byte[], ?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Supplier<Executor> executor;
    private final Consumer<List<RedisCommand<byte[], byte[], ?>>> dispatcher;
    private final int maxQueued;

    /**
     * @param executor   where a drain runs; asked at every drain, so it may follow the connection's current channel
     * @param dispatcher writes one batch (lettuce's {@code dispatch(Collection)}); a failure fails the whole batch
     * @param maxQueued  commands waiting beyond which {@link #offer} refuses
     */
    WriteCoalescer(Supplier<Executor> executor, Consumer<List<RedisCommand<byte[], byte[], ?>>> dispatcher,
                   int maxQueued) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be > 0");
        }
        this.maxQueued = maxQueued;
    }

    /** Queues a command for the next drain; false (and the command untouched) when the queue is full. */
    boolean offer(RedisCommand<byte[], byte[], ?> command) {
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(command);
        scheduleDrain();
        return true;
    }

    /** Commands waiting for a drain right now. */
    int queued() {
        return queued.get();
    }

    private void scheduleDrain() {
        if (!drainScheduled.compareAndSet(false, true)) {
            return; // the scheduled drain will see this command
        }
        try {
            executor.get().execute(this::drain);
        } catch (RuntimeException e) { // executor shut down (transport closing): fail what waits, never strand it
            drainScheduled.set(false);
            failAll(e);
        }
    }

    private void drain() {
        List<RedisCommand<byte[], byte[], ?>> batch = new ArrayList<>(Math.min(queued.get(), MAX_BATCH));
        RedisCommand<byte[], byte[], ?> command;
        while (batch.size() < MAX_BATCH && (command = queue.poll()) != null) {
            batch.add(command);
        }
        queued.addAndGet(-batch.size());
        if (!batch.isEmpty()) {
            try {
                dispatcher.accept(batch);
            } catch (RuntimeException e) {
                batch.forEach(it -> it.completeExceptionally(e));
            }
        }
        drainScheduled.set(false);
        // a command offered while this drain ran may have seen drainScheduled still set: look again, as a new task
        // so that the I/O thread reads replies between two full batches
        if (!queue.isEmpty()) {
            scheduleDrain();
        }
    }

    private void failAll(RuntimeException error) {
        RedisCommand<byte[], byte[], ?> command;
        while ((command = queue.poll()) != null) {
            queued.decrementAndGet();
            command.completeExceptionally(error);
        }
    }
}

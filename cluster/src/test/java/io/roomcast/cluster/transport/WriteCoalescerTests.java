package io.roomcast.cluster.transport;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.roomcast.cluster.ClusterException;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link WriteCoalescer} and {@link CoalescingPublisher} with an executor the test runs by hand. */
class WriteCoalescerTests {

    /** Holds drain tasks until the test runs them, as a busy I/O thread would. */
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Executor held = pending::add;
    private final List<List<RedisCommand<byte[], byte[], ?>>> batches = new ArrayList<>();

    @Test
    void shouldHandEverythingQueuedBeforeADrainToOneDispatchInOrder() {
        WriteCoalescer coalescer = new WriteCoalescer(() -> held, batches::add, 4096);
        List<RedisCommand<byte[], byte[], ?>> offered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            offered.add(command());
            assertThat(coalescer.offer(offered.get(i))).isTrue();
        }

        assertThat(pending).hasSize(1); // one drain scheduled, however many publishes wait for it
        runPending();

        assertThat(batches).containsExactly(offered);
        assertThat(coalescer.queued()).isZero();
    }

    @Test
    void shouldCapABatchAndDrainTheRestInALaterTask() {
        WriteCoalescer coalescer = new WriteCoalescer(() -> held, batches::add, 4096);
        for (int i = 0; i < WriteCoalescer.MAX_BATCH + 3; i++) {
            coalescer.offer(command());
        }

        runPending();

        assertThat(batches).extracting(List::size).containsExactly(WriteCoalescer.MAX_BATCH, 3);
    }

    @Test
    void shouldRefuseBeyondTheBoundAndCountTheFailedPublish() {
        TransportCounters counters = new TransportCounters();
        CoalescingPublisher publisher = new CoalescingPublisher(new WriteCoalescer(() -> held, this::reply, 2),
                counters);

        CompletableFuture<Long> first = publisher.publish(false, "a", new byte[] {1});
        CompletableFuture<Long> second = publisher.publish(true, "b", new byte[] {2});
        CompletableFuture<Long> third = publisher.publish(false, "c", new byte[] {3});

        assertThat(third).isCompletedExceptionally(); // at once, before any drain ran
        assertThatThrownBy(third::join).hasCauseInstanceOf(ClusterException.class)
                .hasMessageContaining("publish queue full");
        assertThat(counters.snapshot().publishFailures()).isEqualTo(1);
        runPending();
        assertThat(first).isCompletedWithValue(7L);
        assertThat(second).isCompletedWithValue(7L);
        assertThat(batches.get(0)).extracting(RedisCommand::getType)
                .containsExactly(CommandType.PUBLISH, CommandType.SPUBLISH);
        assertThat(counters.snapshot().published()).isEqualTo(2);
        assertThat(publisher.publish(false, "d", new byte[] {4})).isNotCompletedExceptionally(); // room again
    }

    @Test
    void shouldFailTheBatchWhenDispatchThrows() {
        WriteCoalescer coalescer = new WriteCoalescer(() -> held, batch -> {
            throw new IllegalStateException("connection closed");
        }, 16);
        AsyncCommand<byte[], byte[], Long> command = command();
        coalescer.offer(command);

        runPending();

        assertThat(command).failsWithin(0, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(IllegalStateException.class);
        assertThat(coalescer.queued()).isZero();
    }

    @Test
    void shouldFailWhatWaitsWhenTheExecutorIsGone() {
        WriteCoalescer coalescer = new WriteCoalescer(() -> task -> {
            throw new RejectedExecutionException("event loop shut down");
        }, batches::add, 16);
        AsyncCommand<byte[], byte[], Long> command = command();

        coalescer.offer(command);

        assertThat(command).isCompletedExceptionally();
        assertThat(coalescer.queued()).isZero();
    }

    private void reply(List<RedisCommand<byte[], byte[], ?>> batch) {
        batches.add(batch);
        for (RedisCommand<byte[], byte[], ?> command : batch) { // Redis's reply: 7 receivers
            ((IntegerOutput<byte[], byte[]>) command.getOutput()).set(7L);
            command.complete();
        }
    }

    private void runPending() {
        Runnable task;
        while ((task = pending.poll()) != null) {
            task.run();
        }
    }

    private static AsyncCommand<byte[], byte[], Long> command() {
        return new AsyncCommand<>(new Command<>(CommandType.PUBLISH, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(new byte[] {'c'}).addValue(new byte[] {'m'})));
    }
}

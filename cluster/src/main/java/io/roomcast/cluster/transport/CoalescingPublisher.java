package io.roomcast.cluster.transport;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.PublishFailure;
import io.roomcast.cluster.PublishTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * PUBLISH and SPUBLISH of the lettuce transports: builds the command lettuce's async API would, hands it to a
 * {@link WriteCoalescer} instead of writing it alone, and counts the outcome in {@link TransportCounters}.
 */
final class CoalescingPublisher {

    private static final Logger log = LoggerFactory.getLogger(CoalescingPublisher.class);

    private final WriteCoalescer coalescer;
    private final TransportCounters counters;

    CoalescingPublisher(WriteCoalescer coalescer, TransportCounters counters) {
        this.coalescer = Objects.requireNonNull(coalescer, "coalescer must not be null");
        this.counters = Objects.requireNonNull(counters, "counters must not be null");
    }

    /** Completes with Redis's receiver count, or exceptionally (counted) when refused, rejected or timed out. */
    CompletableFuture<Long> publish(boolean shard, String channel, byte[] message) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        AsyncCommand<byte[], byte[], Long> command = new AsyncCommand<>(new Command<>(
                shard ? CommandType.SPUBLISH : CommandType.PUBLISH, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(channel.getBytes(StandardCharsets.UTF_8))
                        .addValue(message)));
        if (!coalescer.offer(command)) {
            failed(channel, new ClusterException("publish queue full: " + coalescer.queued()
                    + " publishes wait for Redis"), result);
            return result;
        }
        command.whenComplete((receivers, error) -> {
            if (error == null) {
                counters.published.increment();
                result.complete(receivers);
            } else {
                failed(channel, error, result);
            }
        });
        return result;
    }

    /**
     * Counts and reports a failed publish: a {@link PublishTimeoutException} when lettuce wrote it and Redis did not
     * answer within the command timeout (it may still run it), else a {@link ClusterException} (never reached Redis:
     * the transport is closed, the connection down, the queue full).
     */
    void failed(String channel, Throwable error, CompletableFuture<Long> result) {
        counters.publishFailures.increment();
        if (PublishFailure.of(error) == PublishFailure.TIMEOUT) { // lettuce's RedisCommandTimeoutException
            counters.publishTimeouts.increment();
            log.debug("publish to {} timed out", channel, error);
            result.completeExceptionally(new PublishTimeoutException("publish to " + channel
                    + " not answered in time (Redis may still deliver it): " + error.getMessage(), error));
            return;
        }
        log.debug("publish to {} failed", channel, error);
        result.completeExceptionally(new ClusterException("publish to " + channel + " failed: "
                + error.getMessage(), error));
    }
}

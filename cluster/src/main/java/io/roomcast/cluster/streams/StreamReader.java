package io.roomcast.cluster.streams;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The read loop of one stream (protocol §6.5): {@code XREAD COUNT readCount BLOCK blockTime STREAMS stream lastId}
 * on a dedicated connection, again and again, from the head the stream had at start ({@code $} semantics, but a
 * concrete id, so a retry after an outage loses nothing). After an error it retries from the same id.
 *
 * <p>Entries are handled one by one on a single thread, in stream order. The XREAD itself is asynchronous, so that
 * thread is free while Redis blocks: {@link #onLoop} tasks (session restores) run between two batches, serialised
 * with entry handling.
 */
final class StreamReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
    private static final long MIN_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 2_000;

    private final String stream;
    private final Supplier<StatefulRedisConnection<String, String>> connector;
    /** Opened on the loop thread: a namespace created while Redis is down must not fail for it. */
    private volatile StatefulRedisConnection<String, String> connection;
    private final int readCount;
    private final long blockMillis;
    private final Consumer<StreamMessage<String, String>> handler;
    private final ScheduledExecutorService loop;
    /** The last id read (or the start id); written on the loop thread only. */
    private volatile String lastId;
    private volatile boolean reading;
    private volatile boolean closed;
    /** Whether the last command failed: the first failure of a run is logged at warn, the rest at debug. */
    private boolean failing;
    private long retryMillis = MIN_RETRY_MILLIS;

    /**
     * @param connector opens the reader's dedicated connection (blocking; called on the loop thread, again after a
     *                  failure)
     */
    StreamReader(String stream, Supplier<StatefulRedisConnection<String, String>> connector, int readCount,
                 Duration blockTime, Consumer<StreamMessage<String, String>> handler) {
        this.stream = Objects.requireNonNull(stream, "stream must not be null");
        this.connector = Objects.requireNonNull(connector, "connector must not be null");
        this.readCount = readCount;
        this.blockMillis = blockTime.toMillis();
        this.handler = Objects.requireNonNull(handler, "handler must not be null");
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "roomcast-streams-" + stream);
            thread.setDaemon(true);
            return thread;
        });
    }

    String stream() {
        return stream;
    }

    /** Finds the start id, then reads for ever. */
    void start() {
        execute(this::findStart);
    }

    /** The id of the last entry handled, or where reading started; null until the start is known. */
    String lastId() {
        return lastId;
    }

    /** Whether the start is known and the last XREAD did not fail. */
    boolean isReading() {
        return reading && !closed;
    }

    /** Runs {@code task} on the loop thread, between two entries, and completes with its result. */
    <T> CompletableFuture<T> onLoop(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code task} on the loop thread after {@code delayMillis}. */
    void onLoopLater(Runnable task, long delayMillis) {
        try {
            loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("stream reader of {} closed; task dropped", stream);
        }
    }

    private void findStart() {
        if (closed) {
            return;
        }
        if (connection == null) {
            try {
                connection = connector.get();
                if (closed) {
                    connection.close();
                    return;
                }
            } catch (RuntimeException e) {
                retry("connecting to read", e, this::findStart);
                return;
            }
        }
        RedisStreams.headId(connection.async(), stream).whenComplete((head, error) -> execute(() -> {
            if (error != null) {
                retry("finding the head of", error, this::findStart);
                return;
            }
            lastId = head == null ? EntryIds.ZERO : head;
            log.debug("reading {} after {}", stream, lastId);
            reading = true; // from here on nothing XADDed is missed, even before the first XREAD returns
            failing = false;
            retryMillis = MIN_RETRY_MILLIS;
            poll();
        }));
    }

    private void poll() {
        if (closed) {
            return;
        }
        connection.async().xread(XReadArgs.Builder.count(readCount).block(blockMillis),
                        XReadArgs.StreamOffset.from(stream, lastId))
                .whenComplete((entries, error) -> execute(() -> onRead(entries, error)));
    }

    private void onRead(List<StreamMessage<String, String>> entries, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            retry("reading", error, this::poll);
            return;
        }
        if (failing) {
            log.info("reading stream {} again after {}", stream, lastId);
            failing = false;
        }
        reading = true;
        retryMillis = MIN_RETRY_MILLIS;
        if (entries != null) {
            for (StreamMessage<String, String> entry : entries) {
                try {
                    handler.accept(entry);
                } catch (RuntimeException e) {
                    log.warn("handling entry {} of {} failed", entry.getId(), stream, e);
                }
                lastId = entry.getId();
            }
        }
        poll();
    }

    private void retry(String what, Throwable error, Runnable again) {
        if (closed) {
            return;
        }
        if (!failing) {
            log.warn("{} stream {} failed ({}); retrying from {}", what, stream, error.getMessage(), lastId);
        } else {
            log.debug("{} stream {} failed again: {}", what, stream, error.getMessage());
        }
        failing = true;
        reading = false;
        long delay = retryMillis;
        retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
        onLoopLater(again, delay);
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("stream reader of {} closed; task dropped", stream);
        }
    }

    @Override
    public void close() {
        closed = true;
        reading = false;
        loop.shutdownNow();
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
    }
}

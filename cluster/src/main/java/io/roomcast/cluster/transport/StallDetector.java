package io.roomcast.cluster.transport;

import io.roomcast.cluster.PublishFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Tells a frozen Redis from a live one: every {@code interval} it sends a PING on the command connection (unless
 * one is still out), and reports {@link #isStalled() stalled} once a PING has been out longer than
 * {@code stallTimeout} (or failed with the command timeout, when that is shorter), until one is answered again. A
 * frozen Redis keeps its TCP connections open, so lettuce sees no disconnect: only an unanswered command shows it.
 * A PING that fails for another reason (the connection went down: {@link RedisState#DOWN} says so) ends a stall.
 */
final class StallDetector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StallDetector.class);

    private final String name;
    private final Supplier<CompletionStage<?>> ping;
    private final BooleanSupplier connected;
    private final long stallNanos;
    private final ScheduledFuture<?> task;
    /** When the PING now out was sent (System.nanoTime), or null when none is out. */
    private volatile Long pingSentAt;
    private volatile long stalledSince;
    private volatile boolean stalled;

    /**
     * @param name      what the log lines call this Redis
     * @param ping      sends one PING; its stage completes with the answer or the failure
     * @param connected whether the command connection is up (no PING is sent while it is down)
     */
    StallDetector(String name, Supplier<CompletionStage<?>> ping, BooleanSupplier connected,
                  ScheduledExecutorService scheduler, Duration interval, Duration stallTimeout) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.ping = Objects.requireNonNull(ping, "ping must not be null");
        this.connected = Objects.requireNonNull(connected, "connected must not be null");
        this.stallNanos = stallTimeout.toNanos();
        long period = interval.toMillis();
        this.task = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Whether a PING has been unanswered for longer than the stall timeout. */
    boolean isStalled() {
        return stalled;
    }

    private void tick() {
        try {
            Long sent = pingSentAt;
            long now = System.nanoTime();
            if (sent != null) {
                if (!stalled && now - sent > stallNanos) {
                    stalled = true;
                    stalledSince = sent;
                    log.warn("{} has not answered PING for {} ms: stalled (frozen or overloaded); publishes may time "
                            + "out, and run when it resumes", name, Duration.ofNanos(now - sent).toMillis());
                }
                return;
            }
            if (!connected.getAsBoolean()) {
                return;
            }
            pingSentAt = now;
            ping.get().whenComplete((pong, error) -> answered(now, error));
        } catch (RuntimeException e) { // never let the schedule die: a closed connection throws here
            pingSentAt = null;
            log.debug("PING to {} not sent: {}", name, e.toString());
        }
    }

    private void answered(Long sent, Throwable error) {
        pingSentAt = null;
        if (error != null && PublishFailure.of(error) == PublishFailure.TIMEOUT) {
            // no answer within the command timeout, which may be shorter than the stall timeout: stalled as well;
            // stays so until a PING is answered
            if (!stalled) {
                stalled = true;
                stalledSince = sent;
                log.warn("{} did not answer PING within the command timeout: stalled (frozen or overloaded); "
                        + "publishes may time out, and run when it resumes", name);
            }
            return;
        }
        if (stalled) {
            stalled = false;
            if (error == null) {
                log.info("{} answers PING again after {} ms stalled", name,
                        Duration.ofNanos(System.nanoTime() - stalledSince).toMillis());
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}

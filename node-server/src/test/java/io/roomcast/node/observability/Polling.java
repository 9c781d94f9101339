package io.roomcast.node.observability;

import io.roomcast.node.ToolProcess;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling: scrapes and rule evaluations happen every second, so tests wait for them, never for long. */
final class Polling {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INTERVAL = Duration.ofMillis(250);

    private Polling() {
    }

    /** Returns the first value that {@code done} accepts; fails with the last value seen after {@code timeout}. */
    static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            ToolProcess.sleep(INTERVAL);
        }
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what
                + "; last value: " + last);
        if (lastError != null) {
            failure.addSuppressed(lastError);
        }
        throw failure;
    }

    static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        return until(what, DEFAULT_TIMEOUT, probe, done);
    }
}

package io.roomcast.node;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a real check against a deadline (never a fixed sleep for an event). */
final class Await {

    private static final long INTERVAL_MILLIS = 50;

    private Await() {
    }

    /** Returns once {@code done} is true; fails naming {@code what} after {@code timeout}. */
    static void until(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}

package io.roomcast.loadtests.generator;

/** Nanoseconds since the run's origin: the one clock for send stamps and receive times (always >= 0). */
public final class Clock {
    private final long origin = System.nanoTime();

    public long now() {
        return System.nanoTime() - origin;
    }
}

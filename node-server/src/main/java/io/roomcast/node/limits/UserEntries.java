package io.roomcast.node.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One entry per user, created on the user's first event and swept once it has been idle longer than
 * {@code idleNanos} (an idle user's budget is full again, so forgetting it loses nothing). Sweeps run on insertion
 * when the map has doubled since the last one: amortised O(1) per event, no timer thread.
 */
final class UserEntries<E extends UserEntries.Entry> {

    /** An entry knows when it was last used. */
    interface Entry {
        long lastUsedNanos();
    }

    private static final int SWEEP_THRESHOLD = 1024;

    private final ConcurrentMap<String, E> entries = new ConcurrentHashMap<>();
    private final Function<String, E> factory;
    private final LongSupplier nanoClock;
    private final long idleNanos;
    private volatile int sweepAt = SWEEP_THRESHOLD;

    UserEntries(Function<String, E> factory, LongSupplier nanoClock, long idleNanos) {
        this.factory = factory;
        this.nanoClock = nanoClock;
        this.idleNanos = idleNanos;
    }

    E get(String user) {
        E entry = entries.get(user);
        if (entry != null) {
            return entry;
        }
        if (entries.size() >= sweepAt) {
            sweep();
        }
        return entries.computeIfAbsent(user, factory);
    }

    int size() {
        return entries.size();
    }

    private synchronized void sweep() {
        if (entries.size() < sweepAt) {
            return;
        }
        long now = nanoClock.getAsLong();
        entries.values().removeIf(entry -> now - entry.lastUsedNanos() > idleNanos);
        sweepAt = Math.max(SWEEP_THRESHOLD, entries.size() * 2);
    }
}

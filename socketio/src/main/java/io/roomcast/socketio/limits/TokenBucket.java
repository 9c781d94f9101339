package io.roomcast.socketio.limits;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A token bucket of a {@link RateLimit}: holds up to {@code burst} tokens, starts full, and gains one every
 * {@code period / events}. Time is read from a nanosecond clock ({@link System#nanoTime} in production, a fake one
 * in tests). Not thread-safe: a connection's bucket is confined to its event loop; share one under a lock.
 */
public final class TokenBucket {

    private final LongSupplier nanoClock;
    private final double nanosPerToken;
    private final double capacity;
    private double tokens;
    private long last;

    public TokenBucket(RateLimit limit, LongSupplier nanoClock) {
        Objects.requireNonNull(limit, "limit must not be null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock must not be null");
        this.nanosPerToken = limit.nanosPerEvent();
        this.capacity = limit.burst();
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** A bucket on {@link System#nanoTime}. */
    public TokenBucket(RateLimit limit) {
        this(limit, System::nanoTime);
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whole tokens in the bucket now. */
    public long available() {
        refill();
        return (long) tokens;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - last; // nanoTime differences stay right across its wrap-around
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed / nanosPerToken);
            last = now;
        }
    }
}

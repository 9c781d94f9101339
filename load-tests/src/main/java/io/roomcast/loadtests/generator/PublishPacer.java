package io.roomcast.loadtests.generator;

/**
 * Decides how many messages one publisher sends on each tick and with which stamps. At a fixed rate message k is
 * due at {@code start + k / rate}; a tick sends every due message stamped with its due time (not the time it
 * actually left), so a publisher held back by a slow server still charges the wait to latency.
 * At rate 0 ("max") the caller bounds sending by outstanding deliveries instead, and stamps are the send time.
 */
public final class PublishPacer {
    private final long startNanos;
    private final double intervalNanos;
    private final int maxBatch;
    private long sent;

    /** @param ratePerSecond this publisher's rate; 0 = unpaced */
    public PublishPacer(long startNanos, double ratePerSecond, int maxBatch) {
        if (ratePerSecond < 0 || maxBatch < 1) {
            throw new IllegalArgumentException("rate must be >= 0 and maxBatch >= 1");
        }
        this.startNanos = startNanos;
        this.intervalNanos = ratePerSecond == 0 ? 0 : 1e9 / ratePerSecond;
        this.maxBatch = maxBatch;
    }

    public boolean paced() {
        return intervalNanos > 0;
    }

    /** Messages due by {@code nowNanos} and not yet sent, at most one batch. */
    public int due(long nowNanos) {
        if (!paced()) {
            return maxBatch;
        }
        if (nowNanos < startNanos) {
            return 0;
        }
        long dueTotal = (long) Math.floor((nowNanos - startNanos) / intervalNanos) + 1;
        return (int) Math.min(maxBatch, Math.max(0, dueTotal - sent));
    }

    /** Records one sent message and returns its stamp. */
    public long next(long nowNanos) {
        long stamp = paced() ? startNanos + Math.round(sent * intervalNanos) : nowNanos;
        sent++;
        return stamp;
    }

    public long sent() {
        return sent;
    }
}

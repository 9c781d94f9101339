package io.roomcast.loadtests.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Delivery accounting for one fan-out run, on the generator's single clock (nanoseconds since origin).
 *
 * <p>Throughput counts deliveries <em>received</em> inside the measured window. Latency and loss are about
 * messages <em>sent</em> inside the window: each such message is expected once per member of its room; whatever has
 * not arrived when the run ends (after a drain) is counted lost. At a fixed rate the stamp is the message's
 * intended send time, so a publisher that falls behind does not hide the queueing it causes (coordinated omission).
 */
public final class DeliveryStats {
    /** Latencies are recorded in microseconds, up to an hour, three significant digits. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final long windowStart;
    private final long windowEnd;
    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
    private final AtomicLong outstanding = new AtomicLong();
    private final LongAdder receivedInWindow = new LongAdder();
    private final LongAdder expectedFromWindow = new LongAdder();
    private final LongAdder receivedFromWindow = new LongAdder();
    private final LongAdder receivedTotal = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder publishedInWindow = new LongAdder();
    private final LongAdder unparsable = new LongAdder();
    private final List<Sample> timeline = new ArrayList<>();
    private long lastSampleReceived;

    /** One point of the chart: deliveries received in one interval and the latencies recorded in it. */
    public record Sample(double atSeconds, double deliveriesPerSecond, double p50Millis, double p99Millis) {
    }

    public DeliveryStats(long windowStartNanos, long windowEndNanos) {
        if (windowEndNanos <= windowStartNanos) {
            throw new IllegalArgumentException("window must end after it starts");
        }
        this.windowStart = windowStartNanos;
        this.windowEnd = windowEndNanos;
    }

    /** A publisher sent a message stamped {@code sendNanos} to a room of {@code roomSize} members. */
    public void sent(long sendNanos, int roomSize) {
        published.increment();
        outstanding.addAndGet(roomSize);
        if (inWindow(sendNanos)) {
            publishedInWindow.increment();
            expectedFromWindow.add(roomSize);
        }
    }

    /** A subscriber received a delivery stamped {@code sendNanos} at {@code receiveNanos}. */
    public void received(long sendNanos, long receiveNanos) {
        if (sendNanos < 0) {
            unparsable.increment();
            return;
        }
        receivedTotal.increment();
        outstanding.decrementAndGet();
        if (inWindow(receiveNanos)) {
            receivedInWindow.increment();
        }
        if (inWindow(sendNanos)) {
            receivedFromWindow.increment();
            long micros = Math.max(0, (receiveNanos - sendNanos) / 1000);
            recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
        }
    }

    /** Deliveries sent but not yet received: the closed-loop ("max" rate) publishers keep this bounded. */
    public long outstanding() {
        return outstanding.get();
    }

    boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    /** Starts the chart's first interval now, so deliveries of the warm-up do not show in it. */
    public synchronized void startSampling() {
        lastSampleReceived = receivedTotal.sum();
    }

    /** Closes one chart interval: call from one thread, about once a second. */
    public synchronized void sample(long nowNanos, double intervalSeconds) {
        Histogram interval = recorder.getIntervalHistogram();
        total.add(interval);
        long received = receivedTotal.sum();
        double rate = (received - lastSampleReceived) / intervalSeconds;
        lastSampleReceived = received;
        boolean empty = interval.getTotalCount() == 0;
        timeline.add(new Sample(nowNanos / 1e9, rate,
                empty ? Double.NaN : interval.getValueAtPercentile(50) / 1000.0,
                empty ? Double.NaN : interval.getValueAtPercentile(99) / 1000.0));
    }

    /** All latencies of messages sent in the window, including those recorded since the last sample. */
    public synchronized Histogram latencies() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    public synchronized List<Sample> timeline() {
        return List.copyOf(timeline);
    }

    public double windowSeconds() {
        return (windowEnd - windowStart) / 1e9;
    }

    public long receivedInWindow() {
        return receivedInWindow.sum();
    }

    public long expectedFromWindow() {
        return expectedFromWindow.sum();
    }

    public long receivedFromWindow() {
        return receivedFromWindow.sum();
    }

    /** Deliveries of window messages that never arrived; never negative. */
    public long lostFromWindow() {
        return Math.max(0, expectedFromWindow() - receivedFromWindow());
    }

    public long published() {
        return published.sum();
    }

    public long publishedInWindow() {
        return publishedInWindow.sum();
    }

    public long receivedTotal() {
        return receivedTotal.sum();
    }

    public long unparsable() {
        return unparsable.sum();
    }
}

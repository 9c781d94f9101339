package io.roomcast.cluster.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@value RoomcastMeters#CLUSTER_STREAM_LAG} ({@code roomcast_cluster_stream_lag_seconds}): how far this node's
 * reader of the Redis stream is behind its newest entry, read from {@code lag} at scrape time. Bound only with
 * {@code ADAPTER=redis-streams}, where the runtime passes the streams adapter factory's {@code streamLag()}; a
 * supplier that fails or answers null shows as NaN (no data), never as 0.
 */
public final class StreamLagMetrics implements MeterBinder {

    private final Supplier<Duration> lag;

    public StreamLagMetrics(Supplier<Duration> lag) {
        this.lag = Objects.requireNonNull(lag, "lag must not be null");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(RoomcastMeters.CLUSTER_STREAM_LAG, this, StreamLagMetrics::seconds).baseUnit("seconds")
                .strongReference(true)
                .description("How far this node's Redis stream reader is behind the newest entry")
                .register(registry);
    }

    private double seconds() {
        try {
            Duration current = lag.get();
            return current == null ? Double.NaN : current.toNanos() / 1e9;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}

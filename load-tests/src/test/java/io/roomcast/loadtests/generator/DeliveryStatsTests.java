package io.roomcast.loadtests.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryStatsTests {
    private static final long MS = 1_000_000;

    @Test
    void shouldMeasureLatencyAsReceiveMinusSendForMessagesSentInTheWindow() {
        DeliveryStats stats = new DeliveryStats(1000 * MS, 2000 * MS);
        stats.sent(1100 * MS, 2);
        stats.received(1100 * MS, 1103 * MS);
        stats.received(1100 * MS, 1150 * MS);

        assertThat(stats.latencies().getTotalCount()).isEqualTo(2);
        assertThat(stats.latencies().getMinValue()).isBetween(2990L, 3010L);
        assertThat(stats.latencies().getMaxValue()).isBetween(49_900L, 50_100L);
        assertThat(stats.expectedFromWindow()).isEqualTo(2);
        assertThat(stats.lostFromWindow()).isZero();
        assertThat(stats.outstanding()).isZero();
    }

    @Test
    void shouldKeepWarmupMessagesOutOfLatencyAndLossButCountTheirDeliveriesInTheWindowThroughput() {
        DeliveryStats stats = new DeliveryStats(1000 * MS, 2000 * MS);
        stats.sent(900 * MS, 3);
        stats.received(900 * MS, 950 * MS);
        stats.received(900 * MS, 1001 * MS);
        stats.received(900 * MS, 1002 * MS);

        assertThat(stats.latencies().getTotalCount()).isZero();
        assertThat(stats.expectedFromWindow()).isZero();
        assertThat(stats.receivedInWindow()).isEqualTo(2);
        assertThat(stats.publishedInWindow()).isZero();
        assertThat(stats.published()).isEqualTo(1);
    }

    @Test
    void shouldCountDeliveriesThatNeverArriveAsLost() {
        DeliveryStats stats = new DeliveryStats(0, 1000 * MS);
        stats.sent(10 * MS, 5);
        stats.sent(20 * MS, 5);
        for (int i = 0; i < 7; i++) {
            stats.received(10 * MS, 30 * MS);
        }

        assertThat(stats.expectedFromWindow()).isEqualTo(10);
        assertThat(stats.receivedFromWindow()).isEqualTo(7);
        assertThat(stats.lostFromWindow()).isEqualTo(3);
        assertThat(stats.outstanding()).isEqualTo(3);
    }

    @Test
    void shouldCountUnparsableDeliveriesApartFromLatency() {
        DeliveryStats stats = new DeliveryStats(0, 1000 * MS);
        stats.received(-1, 5 * MS);

        assertThat(stats.unparsable()).isEqualTo(1);
        assertThat(stats.receivedTotal()).isZero();
    }

    @Test
    void shouldLeaveWarmupDeliveriesOutOfTheFirstChartInterval() {
        DeliveryStats stats = new DeliveryStats(1000 * MS, 3000 * MS);
        stats.sent(0, 10);
        for (int i = 0; i < 10; i++) {
            stats.received(0, 5 * MS);
        }
        stats.startSampling();
        stats.received(0, 1500 * MS);
        stats.sample(2000 * MS, 1.0);

        assertThat(stats.timeline().get(0).deliveriesPerSecond()).isEqualTo(1.0);
    }

    @Test
    void shouldSampleThroughputPerIntervalForTheChart() {
        DeliveryStats stats = new DeliveryStats(0, 10_000 * MS);
        stats.sent(0, 4);
        for (int i = 0; i < 4; i++) {
            stats.received(0, 2 * MS);
        }
        stats.sample(500 * MS, 0.5);
        stats.sample(1000 * MS, 0.5);

        assertThat(stats.timeline()).hasSize(2);
        assertThat(stats.timeline().get(0).deliveriesPerSecond()).isEqualTo(8.0);
        assertThat(stats.timeline().get(1).deliveriesPerSecond()).isZero();
        assertThat(stats.timeline().get(1).p99Millis()).isNaN();
        assertThat(stats.latencies().getTotalCount()).isEqualTo(4);
    }
}

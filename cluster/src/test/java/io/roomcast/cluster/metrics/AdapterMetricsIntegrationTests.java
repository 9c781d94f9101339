package io.roomcast.cluster.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.transport.LettuceTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** AdapterMetrics against a real Redis: the own-echo latency and the message counters of two nodes. */
@Tag("integration")
class AdapterMetricsIntegrationTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.any();

    private TestNode here;
    private TestNode there;
    private final SimpleMeterRegistry hereRegistry = new SimpleMeterRegistry();
    private final SimpleMeterRegistry thereRegistry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        AdapterOptions options = AdapterOptions.defaults().withKey(redis.keyPrefix());
        here = new TestNode(LettuceTransport.connect(redis.uri()), options);
        there = new TestNode(LettuceTransport.connect(redis.uri()), options);
        new AdapterMetrics(here.factory()).bindTo(hereRegistry);
        new AdapterMetrics(there.factory()).bindTo(thereRegistry);
    }

    @AfterEach
    void stop() {
        here.close();
        there.close();
    }

    @Test
    void shouldMeasureThePubSubRoundTripOfOwnBroadcasts() {
        for (int i = 0; i < 5; i++) {
            here.nsp().emit("tick", i);
        }

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(hereRegistry.get("roomcast.cluster.pubsub.latency").timer().count()).isEqualTo(5);
            assertThat(thereRegistry.get("roomcast.cluster.messages.received").tag("kind", "broadcast").counter()
                    .count()).isEqualTo(5);
        });
        assertThat(hereRegistry.get("roomcast.cluster.messages.published").tag("kind", "broadcast").counter().count())
                .isEqualTo(5);
        assertThat(hereRegistry.get("roomcast.cluster.pubsub.latency").timer().totalTime(TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(thereRegistry.get("roomcast.cluster.pubsub.latency").timer().count()).isZero();
        assertThat(hereRegistry.get("roomcast.cluster.redis.up").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void shouldTimeCrossNodeRequests() {
        assertThat(here.adapter().allRooms().join()).isEmpty(); // no socket anywhere, but both nodes answered

        assertThat(hereRegistry.get("roomcast.cluster.request.latency").tag("type", "all_rooms").timer().count())
                .isEqualTo(1);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(thereRegistry
                .get("roomcast.cluster.messages.published").tag("kind", "response").counter().count()).isEqualTo(1));
    }
}

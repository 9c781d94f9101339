package io.roomcast.cluster.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterAdapter;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.transport.InMemoryBus;
import io.roomcast.cluster.transport.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** AdapterMetrics on two nodes sharing an in-memory Redis stand-in. */
class AdapterMetricsTests {

    private final InMemoryBus bus = new InMemoryBus();
    private final AdapterOptions options = AdapterOptions.defaults().withRequestsTimeout(Duration.ofMillis(300));
    private final TestNode here = new TestNode(new InMemoryTransport(bus), options);
    private final TestNode there = new TestNode(new InMemoryTransport(bus), options);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    AdapterMetricsTests() {
        new AdapterMetrics(here.factory(), Tags.of("node", "here")).bindTo(registry);
    }

    @AfterEach
    void close() {
        here.close();
        there.close();
        bus.close();
    }

    @Test
    void shouldCountPublishedBroadcastsAndTimeTheirEcho() {
        here.nsp().emit("one");
        here.nsp().emit("two");
        bus.drain();

        assertThat(count("roomcast.cluster.messages.published", "kind", "broadcast")).isEqualTo(2);
        assertThat(count("roomcast.cluster.messages.received", "kind", "broadcast")).isEqualTo(2);
        assertThat(registry.get("roomcast.cluster.pubsub.latency").tag("node", "here").timer().count())
                .isEqualTo(2);
    }

    @Test
    void shouldCountBroadcastsOfOtherNodesWithoutTimingThem() {
        there.nsp().emit("theirs");
        bus.drain();

        assertThat(count("roomcast.cluster.messages.received", "kind", "broadcast")).isEqualTo(1);
        assertThat(count("roomcast.cluster.messages.published", "kind", "broadcast")).isZero();
        assertThat(registry.get("roomcast.cluster.pubsub.latency").timer().count()).isZero();
    }

    @Test
    void shouldCountFailedPublishesAsDropped() {
        ((InMemoryTransport) here.transport()).failPublish(true);

        here.nsp().emit("lost");

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(count("roomcast.cluster.messages.dropped", "reason", "publish_failed")).isEqualTo(1));
        assertThat(count("roomcast.cluster.messages.published", "kind", "broadcast")).isZero();
    }

    @Test
    void shouldCountMalformedMessagesAsDropped() {
        there.transport().publish("socket.io#/#", "not a message".getBytes(StandardCharsets.UTF_8)).join();
        bus.drain();

        assertThat(count("roomcast.cluster.messages.dropped", "reason", "malformed")).isEqualTo(1);
    }

    @Test
    void shouldTimeRequestsAndTheServerCount() {
        ClusterAdapter adapter = here.adapter();

        assertThat(adapter.allRooms().join()).isNotNull();

        assertThat(registry.get("roomcast.cluster.request.latency").tag("type", "all_rooms").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("roomcast.cluster.request.latency").tag("type", "server_count").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(count("roomcast.cluster.messages.published", "kind", "request")).isEqualTo(1);
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(count("roomcast.cluster.messages.received", "kind", "response")).isEqualTo(1));
    }

    @Test
    void shouldCountRequestsThatTimeOut() {
        ((InMemoryTransport) there.transport()).failPublish(true); // it receives the request but cannot answer

        here.nsp().serverSideEmitWithAck("ping").handle((ok, error) -> error).join();

        assertThat(count("roomcast.cluster.request.timeouts", "type", "server_side_emit")).isEqualTo(1);
        assertThat(registry.get("roomcast.cluster.request.latency").tag("type", "server_side_emit").timer().count())
                .isZero();
    }

    @Test
    void shouldReportRedisUpAndReconnects() {
        assertThat(registry.get("roomcast.cluster.redis.up").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("roomcast.cluster.redis.reconnects").functionCounter().count()).isZero();
        assertThat(registry.get("roomcast.cluster.redis.up").gauge().getId().getTag("node")).isEqualTo("here");
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}

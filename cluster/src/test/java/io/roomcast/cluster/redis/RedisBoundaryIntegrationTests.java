package io.roomcast.cluster.redis;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.metrics.AdapterMetrics;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.RedisState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Redis can do to a cluster besides crashing, on a real redis-server: freeze (SIGSTOP), and receive a message
 * larger than its pub/sub output buffer limit. Two classic-adapter nodes; the meters are what an operator sees.
 */
@Tag("integration")
class RedisBoundaryIntegrationTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.restartable();

    /** Default stall detection (PING every 1 s, stalled after 2 s); publishes time out after 1 s. */
    private static final LettuceTransportOptions OPTIONS = new LettuceTransportOptions(
            Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1));

    private static double dropped(SimpleMeterRegistry registry, String reason) {
        return registry.get(AdapterMetrics.MESSAGES_DROPPED).tag(AdapterMetrics.TAG_REASON, reason).counter().count();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void shouldReportAFrozenRedisAsStalledAndCountItsPublishesAsTimeoutsThatArriveOnResume() {
        AdapterOptions options = AdapterOptions.defaults().withKey(redis.keyPrefix());
        try (TestNode a = new TestNode(LettuceTransport.connect(redis.uri(), OPTIONS), options);
             TestNode b = new TestNode(LettuceTransport.connect(redis.uri(), OPTIONS), options)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new AdapterMetrics(a.factory()).bindTo(registry);
            Client here = a.connect();
            Client there = b.connect();
            a.nsp().emit("before");
            there.client().awaitText("2[\"before\"]"::equals);
            assertThat(gauge(registry, AdapterMetrics.REDIS_UP)).isEqualTo(1);

            long frozenAt = System.nanoTime();
            redis.freeze();
            try {
                await().atMost(Duration.ofSeconds(6)).until(() -> a.factory().redisState() == RedisState.STALLED);
                System.out.printf("stalled %d ms after SIGSTOP (PING every 1 s, bound 2 s)%n",
                        Duration.ofNanos(System.nanoTime() - frozenAt).toMillis());
                assertThat(gauge(registry, AdapterMetrics.REDIS_UP)).isZero();
                assertThat(gauge(registry, AdapterMetrics.REDIS_STALLED)).isEqualTo(1);
                assertThat(a.factory().isReady()).isFalse();

                List<String> during = IntStream.range(0, 10).mapToObj(i -> "2[\"during\"," + i + "]").toList();
                IntStream.range(0, 10).forEach(i -> a.nsp().emit("during", i));
                for (String frame : during) {
                    here.client().awaitText(frame::equals); // local clients are served while Redis is frozen
                }
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        dropped(registry, AdapterMetrics.REASON_PUBLISH_TIMEOUT) == 10);
                assertThat(dropped(registry, AdapterMetrics.REASON_PUBLISH_FAILED)).isZero();
            } finally {
                redis.thaw();
            }
            long thawedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> a.factory().redisState() == RedisState.UP);
            System.out.printf("up again %d ms after SIGCONT%n", Duration.ofNanos(System.nanoTime() - thawedAt)
                    .toMillis());
            for (int i = 0; i < 10; i++) {
                there.client().awaitText(("2[\"during\"," + i + "]")::equals); // Redis ran them when it resumed
            }
            assertThat(gauge(registry, AdapterMetrics.REDIS_UP)).isEqualTo(1);
            assertThat(gauge(registry, AdapterMetrics.REDIS_STALLED)).isZero();
            assertThat(a.transport().stats().publishTimeouts()).isEqualTo(10);
            assertThat(a.transport().stats().disconnects()).isZero();
        }
    }

    @Test
    void shouldCountPublishesWhileRedisIsDownAsFailedNotTimedOut() {
        AdapterOptions options = AdapterOptions.defaults().withKey(redis.keyPrefix());
        try (TestNode a = new TestNode(LettuceTransport.connect(redis.uri(), OPTIONS), options)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new AdapterMetrics(a.factory()).bindTo(registry);
            redis.kill();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> a.factory().redisState() == RedisState.DOWN);
                a.nsp().emit("lost", 1);
                a.nsp().emit("lost", 2);
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        dropped(registry, AdapterMetrics.REASON_PUBLISH_FAILED) == 2);
                assertThat(dropped(registry, AdapterMetrics.REASON_PUBLISH_TIMEOUT)).isZero();
                assertThat(gauge(registry, AdapterMetrics.REDIS_UP)).isZero();
                assertThat(gauge(registry, AdapterMetrics.REDIS_STALLED)).isZero();
            } finally {
                redis.restart();
            }
        }
    }

    /**
     * A 40 MB emit would overflow Redis's 32 MB pub/sub output buffer of every subscriber, and Redis would close all
     * their connections; it is refused before it is sent, local clients still get it, and the cluster carries on.
     */
    @Test
    void shouldRefuseAPublishOverMaxPublishBytesAndKeepEveryNodesSubscription() {
        AdapterOptions options = AdapterOptions.defaults().withKey(redis.keyPrefix());
        try (TestNode a = new TestNode(LettuceTransport.connect(redis.uri(), OPTIONS), options);
             TestNode b = new TestNode(LettuceTransport.connect(redis.uri(), OPTIONS), options)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new AdapterMetrics(a.factory()).bindTo(registry);
            Client here = a.connect();
            Client there = b.connect();

            a.nsp().emit("huge", "x".repeat(40 * 1024 * 1024));

            here.client().awaitText(t -> t.startsWith("2[\"huge\""));
            assertThat(dropped(registry, AdapterMetrics.REASON_TOO_LARGE)).isEqualTo(1);
            assertThat(dropped(registry, AdapterMetrics.REASON_PUBLISH_FAILED)).isZero();
            a.nsp().emit("small");
            b.nsp().emit("back");
            there.client().awaitText("2[\"small\"]"::equals);
            here.client().awaitText("2[\"back\"]"::equals);
            assertThat(there.client().texts()).noneMatch(t -> t.startsWith("2[\"huge\""));
            assertThat(a.transport().stats().disconnects() + b.transport().stats().disconnects()).isZero();
            assertThat(a.factory().isReady() && b.factory().isReady()).isTrue();
        }
    }
}

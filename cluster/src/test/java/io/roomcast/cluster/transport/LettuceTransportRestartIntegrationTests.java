package io.roomcast.cluster.transport;

import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.testing.RedisFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Redis crashes and comes back while a {@link LettuceTransport} is in use. */
@Tag("integration")
class LettuceTransportRestartIntegrationTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.restartable();

    @Test
    void shouldResubscribeAndPublishAgainAfterRedisRestarts() throws Exception {
        ChannelNames channels = new ChannelNames(redis.keyPrefix(), "/");
        List<String> received = new CopyOnWriteArrayList<>();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (LettuceTransport transport = LettuceTransport.connect(redis.uri(), new LettuceTransportOptions(
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2)))) {
            transport.addConnectionListener(events::add);
            transport.subscribe(channels.request(), (ch, p, m) -> received.add("request " + new String(m)))
                    .get(5, TimeUnit.SECONDS);
            transport.psubscribe(channels.broadcastPattern(), (ch, p, m) -> received.add("broadcast " + new String(m)))
                    .get(5, TimeUnit.SECONDS);
            transport.publish(channels.request(), "before".getBytes()).get(5, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(received).containsExactly("request before"));

            redis.kill();

            await().untilAsserted(() -> assertThat(events).containsExactlyInAnyOrder(
                    new ConnectionEvent(ConnectionEvent.Link.PUBLISH, false),
                    new ConnectionEvent(ConnectionEvent.Link.SUBSCRIBE, false)));
            assertThat(transport.isConnected()).isFalse();
            assertThatThrownBy(() -> transport.publish(channels.request(), "lost".getBytes()).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ClusterException.class);
            assertThatThrownBy(() -> transport.publish(channels.room("r"), "lost".getBytes()).join())
                    .hasCauseInstanceOf(ClusterException.class);
            assertThat(transport.stats().publishFailures()).isEqualTo(2);

            redis.restart();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(transport.isConnected()).isTrue();
                // lettuce re-subscribed by itself: the fresh server counts our connection again
                assertThat(transport.numsub(channels.request()).get(2, TimeUnit.SECONDS)).isEqualTo(1);
            });
            // PSUBSCRIBE is re-issued with SUBSCRIBE; wait until the pattern is back too (NUMPAT is server-wide)
            await().atMost(Duration.ofSeconds(15)).until(() -> transport.publish(channels.room("probe"),
                    "probe".getBytes()).get(2, TimeUnit.SECONDS) == 1);
            transport.publish(channels.request(), "after".getBytes()).get(5, TimeUnit.SECONDS);
            transport.publish(channels.room("room1"), "after".getBytes()).get(5, TimeUnit.SECONDS);

            await().untilAsserted(() -> assertThat(received).contains("request after", "broadcast after"));
            assertThat(received).doesNotContain("request lost", "broadcast lost");
            TransportStats stats = transport.stats();
            assertThat(stats.disconnects()).isEqualTo(2);
            assertThat(stats.reconnects()).isEqualTo(2);
            assertThat(stats.publishFailures()).isEqualTo(2);
            assertThat(events.subList(2, events.size())).containsExactlyInAnyOrder(
                    new ConnectionEvent(ConnectionEvent.Link.PUBLISH, true),
                    new ConnectionEvent(ConnectionEvent.Link.SUBSCRIBE, true));
        }
    }

    @Test
    void shouldEndEveryPublishMadeAcrossARestartWithoutHanging() throws Exception {
        Duration commandTimeout = Duration.ofSeconds(2);
        String channel = redis.keyPrefix() + "#restart";
        try (LettuceTransport transport = LettuceTransport.connect(redis.uri(), new LettuceTransportOptions(
                Duration.ofMillis(20), Duration.ofMillis(200), commandTimeout))) {
            Queue<CompletableFuture<Long>> results = new ConcurrentLinkedQueue<>();
            AtomicInteger made = new AtomicInteger();
            AtomicReference<CompletableFuture<Long>> last = new AtomicReference<>();
            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread publisher = new Thread(() -> { // batches in flight and queued while Redis dies and comes back
                while (publishing.get()) {
                    CompletableFuture<Long> result = transport.publish(channel, "m".getBytes());
                    results.add(result);
                    last.set(result);
                    made.incrementAndGet();
                    LockSupport.parkNanos(50_000); // paces the loop (~20k/s) so the record stays small
                }
            }, "restart-publisher");
            publisher.start();
            await().until(() -> made.get() > 1000);

            redis.kill();
            await().until(() -> !transport.isConnected());
            int madeWhileDown = made.get();
            await().until(() -> made.get() > madeWhileDown + 1000);
            redis.restart();
            await().atMost(Duration.ofSeconds(15)).until(transport::isConnected);
            int madeAfter = made.get();
            await().until(() -> made.get() > madeAfter + 1000);
            publishing.set(false);
            publisher.join();

            // every publish ends: with a receiver count, or failed (rejected while down, timed out in flight)
            await().atMost(commandTimeout.plusSeconds(5)).until(() -> results.stream().allMatch(
                    CompletableFuture::isDone));
            long failed = results.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertThat(failed).isPositive();
            assertThat(last.get().join()).isZero(); // after the restart: Redis answers again
            assertThat(transport.stats().publishFailures()).isEqualTo(failed);
            assertThat(transport.stats().published()).isEqualTo(made.get() - failed);
        }
    }
}

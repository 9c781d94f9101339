package io.roomcast.cluster.redis;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.testing.SentinelFixture;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The classic adapter behind Redis Sentinel (a master, a replica, three sentinels): lettuce asks the sentinels for
 * the master on every reconnect, so after the master is SIGKILLed and the replica promoted, both nodes follow it.
 */
@Tag("integration")
class RedisAdapterSentinelIntegrationTests {

    @RegisterExtension
    static final SentinelFixture sentinel = SentinelFixture.create();

    private static final LettuceTransportOptions FAST_RECONNECT = new LettuceTransportOptions(
            Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(2));

    @Test
    void shouldFollowThePromotedReplicaAndKeepServingLocalClientsMeanwhile() throws Exception {
        AdapterOptions options = AdapterOptions.defaults().withKey(sentinel.keyPrefix());
        try (TestNode a = new TestNode(LettuceTransport.connect(sentinel.sentinelUri(), FAST_RECONNECT), options);
             TestNode b = new TestNode(LettuceTransport.connect(sentinel.sentinelUri(), FAST_RECONNECT), options)) {
            Client here = a.connect();
            Client there = b.connect();
            a.nsp().emit("before");
            there.client().awaitText("2[\"before\"]"::equals);

            int oldMaster = sentinel.killMaster();
            long killedAt = System.nanoTime();
            a.nsp().emit("while-failing-over");
            here.client().awaitText("2[\"while-failing-over\"]"::equals); // local delivery never waits for Redis
            int newMaster = sentinel.awaitNewMaster(oldMaster, Duration.ofSeconds(20));

            AtomicInteger sent = new AtomicInteger();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                a.nsp().to(there.id()).emit("after", sent.get());
                return there.client().texts().contains("2[\"after\"," + sent.getAndIncrement() + "]");
            });
            System.out.printf("sentinel failover %d -> %d: broadcasts resumed %d ms after the kill, %d publishes "
                    + "failed%n", oldMaster, newMaster, (System.nanoTime() - killedAt) / 1_000_000,
                    a.observed().publishFailures());
            await().atMost(Duration.ofSeconds(10)).until(() -> a.factory().isReady() && b.factory().isReady()
                    && a.adapter().serverCount().get(2, TimeUnit.SECONDS) == 2);
            assertThat(here.client().texts()).containsSubsequence("2[\"before\"]", "2[\"while-failing-over\"]");

            sentinel.restart(oldMaster); // back as a replica, for the next test
            sentinel.awaitHealthy();
        }
    }
}

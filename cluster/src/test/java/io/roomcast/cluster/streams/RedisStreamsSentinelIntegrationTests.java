package io.roomcast.cluster.streams;

import io.roomcast.cluster.streams.StreamsTestNode.Client;
import io.roomcast.cluster.testing.SentinelFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The streams adapter behind Redis Sentinel: after the master is SIGKILLed and the replica promoted, the read loops
 * and the publishers reconnect through the sentinels to the new master and broadcasts flow again.
 */
@Tag("integration")
class RedisStreamsSentinelIntegrationTests {

    @RegisterExtension
    static final SentinelFixture sentinel = SentinelFixture.create();

    @Test
    void shouldReadAndAppendOnThePromotedReplica() {
        String prefix = sentinel.keyPrefix();
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults().withStreamName(prefix)
                .withChannelPrefix(prefix).withBlockTime(Duration.ofSeconds(1));
        try (StreamsTestNode reading = new StreamsTestNode(sentinel.sentinelUri(), options, null);
             StreamsTestNode publishing = new StreamsTestNode(sentinel.sentinelUri(), options, null)) {
            Client client = reading.connect();
            Client local = publishing.connect();
            publishing.nsp().emit("ev", "before");
            client.awaitFrame("2[\"ev\",\"before\"]");

            int oldMaster = sentinel.killMaster();
            long killedAt = System.nanoTime();
            publishing.nsp().emit("ev", "while-failing-over");
            local.awaitFrame("2[\"ev\",\"while-failing-over\"]"); // local delivery never waits for Redis
            int newMaster = sentinel.awaitNewMaster(oldMaster, Duration.ofSeconds(20));

            AtomicInteger sent = new AtomicInteger();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                publishing.nsp().emit("after", sent.get());
                return client.client().texts().contains("2[\"after\"," + sent.getAndIncrement() + "]");
            });
            System.out.printf("sentinel failover %d -> %d: stream broadcasts resumed %d ms after the kill%n",
                    oldMaster, newMaster, (System.nanoTime() - killedAt) / 1_000_000);
            reading.awaitReady();
            publishing.awaitReady();
            assertThat(client.client().texts()).startsWith("2[\"ev\",\"before\"]");

            sentinel.restart(oldMaster);
            sentinel.awaitHealthy();
        }
    }
}

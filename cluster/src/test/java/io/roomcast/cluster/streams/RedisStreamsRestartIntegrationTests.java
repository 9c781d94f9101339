package io.roomcast.cluster.streams;

import io.roomcast.cluster.streams.StreamsTestNode.Client;
import io.roomcast.cluster.testing.RedisFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read loop survives a Redis crash and resumes from its last id. */
@Tag("integration")
class RedisStreamsRestartIntegrationTests {

    @RegisterExtension
    static RedisFixture redis = RedisFixture.restartable();

    @Test
    void shouldDeliverBroadcastsAppendedDuringAndAfterARedisRestart() {
        String prefix = redis.keyPrefix();
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults().withStreamName(prefix)
                .withChannelPrefix(prefix).withBlockTime(Duration.ofSeconds(1));
        try (StreamsTestNode reading = new StreamsTestNode(redis.uri(), options, null);
             StreamsTestNode publishing = new StreamsTestNode(redis.uri(), options, null)) {
            Client client = reading.connect();
            publishing.nsp().emit("ev", "before");
            client.awaitFrame("2[\"ev\",\"before\"]");

            redis.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> !reading.factory().isReady());
            publishing.nsp().emit("ev", "during"); // queued by lettuce until Redis is back
            redis.restart();
            publishing.nsp().emit("ev", "after");

            client.awaitFrame("2[\"ev\",\"during\"]");
            client.awaitFrame("2[\"ev\",\"after\"]");
            reading.awaitReady();
            assertThat(client.client().texts()).containsExactly("2[\"ev\",\"before\"]", "2[\"ev\",\"during\"]",
                    "2[\"ev\",\"after\"]");
        }
    }

    @Test
    void shouldCreateANamespaceWhileRedisIsDownAndServeItOnceRedisIsBack() {
        String prefix = redis.keyPrefix();
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults().withStreamName(prefix).withStreamCount(4)
                .withChannelPrefix(prefix).withBlockTime(Duration.ofSeconds(1));
        try (StreamsTestNode reading = new StreamsTestNode(redis.uri(), options, null);
             StreamsTestNode publishing = new StreamsTestNode(redis.uri(), options, null)) {
            redis.kill();
            reading.server().of("/late"); // its stream's reader cannot connect yet
            publishing.server().of("/late");
            redis.restart();
            reading.awaitReady();
            publishing.awaitReady();
            java.util.List<Object> got = new java.util.concurrent.CopyOnWriteArrayList<>();
            reading.server().of("/late").onServerSideEmit((event, args, ack) -> got.add(event));

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                publishing.server().of("/late").serverSideEmit("hello");
                return !got.isEmpty();
            });
            Client client = reading.connect("/late");
            publishing.server().of("/late").emit("ev", "late");
            client.awaitFrame("2/late,[\"ev\",\"late\"]");
            assertThat(reading.adapter("/late").stream()).isEqualTo(prefix + "-" + ("/late".hashCode() % 4));
        }
    }
}

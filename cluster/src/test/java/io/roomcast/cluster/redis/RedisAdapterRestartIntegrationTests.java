package io.roomcast.cluster.redis;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis crashes and comes back under two nodes: local clients keep being served, then the cluster heals. */
@Tag("integration")
class RedisAdapterRestartIntegrationTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.restartable();

    private static final LettuceTransportOptions FAST_RECONNECT = new LettuceTransportOptions(
            Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2));

    @Test
    void shouldServeLocalClientsWhileRedisIsDownAndResumeBroadcastsAfterItRestarts() throws Exception {
        AdapterOptions options = AdapterOptions.defaults().withKey(redis.keyPrefix());
        try (TestNode a = new TestNode(LettuceTransport.connect(redis.uri(), FAST_RECONNECT), options);
             TestNode b = new TestNode(LettuceTransport.connect(redis.uri(), FAST_RECONNECT), options)) {
            Client here = a.connect();
            Client there = b.connect();
            a.nsp().emit("before");
            there.client().awaitText("2[\"before\"]"::equals);
            assertThat(a.factory().isReady()).isTrue();

            redis.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> !a.factory().isReady());

            a.nsp().emit("while-down");
            here.client().awaitText("2[\"while-down\"]"::equals);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.observed().publishFailures() == 1);

            redis.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> a.factory().isReady() && b.factory().isReady()
                    && a.adapter().serverCount().get(2, TimeUnit.SECONDS) == 2);
            // the pattern subscription comes back with the plain ones; retry until b receives
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                a.nsp().to(there.id()).emit("after");
                return there.client().texts().contains("2[\"after\"]");
            });
            assertThat(there.client().texts()).doesNotContain("2[\"while-down\"]");
            assertThat(here.client().texts()).containsSubsequence("2[\"before\"]", "2[\"while-down\"]");
        }
    }

    @Test
    void shouldGetEveryRoomChannelBackAfterRedisRestartsInTheDynamicPrivateMode() throws Exception {
        AdapterOptions options = AdapterOptions.defaults().withKey(redis.keyPrefix())
                .withSubscriptionMode(SubscriptionMode.DYNAMIC_PRIVATE);
        try (TestNode a = new TestNode(LettuceTransport.connect(redis.uri(), FAST_RECONNECT), options);
             TestNode b = new TestNode(LettuceTransport.connect(redis.uri(), FAST_RECONNECT), options)) {
            Client there = b.connect();
            there.socket().join("kept");
            b.redisAdapter().roomSubscribed("kept").get(10, TimeUnit.SECONDS);

            redis.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> !b.factory().isReady());
            there.socket().join("joined-while-down"); // its SUBSCRIBE waits for Redis, or fails and is retried

            redis.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> a.factory().isReady() && b.factory().isReady()
                    && a.adapter().serverCount().get(2, TimeUnit.SECONDS) == 2);
            b.redisAdapter().roomSubscribed("joined-while-down").get(15, TimeUnit.SECONDS);
            for (String room : new String[]{"kept", "joined-while-down", there.id()}) {
                String frame = "2[\"to\",\"" + room + "\"]";
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    a.nsp().to(room).emit("to", room);
                    return there.client().texts().contains(frame);
                });
            }
        }
    }
}

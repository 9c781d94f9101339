package io.roomcast.spring.autoconfigure;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.cluster.metrics.RoomcastMeters;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.socketio.RoomcastServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code roomcast.redis.url} against a real Redis: the adapter it picks, its health and meters. */
class RoomcastRedisAutoConfigurationTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.any();

    private ApplicationContextRunner runner() {
        RedisURI uri = redis.uri();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RoomcastAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("roomcast.port=0", "roomcast.host=127.0.0.1", "roomcast.shutdown.grace=1s",
                        "roomcast.redis.url=redis://" + uri.getHost() + ":" + uri.getPort(),
                        "roomcast.redis.key=" + redis.keyPrefix());
    }

    @Test
    void shouldUseTheRedisAdapterWhenAUrlIsSet() {
        runner().run(context -> {
            RoomcastServer server = context.getBean(RoomcastServer.class);
            assertThat(context.getBean(RoomcastAdapter.class).kind()).isEqualTo("redis");
            await().atMost(Duration.ofSeconds(10)).until(server::isAdapterReady);
            assertThat(server.serverCount().join()).isEqualTo(1);
            Health health = context.getBean(RoomcastHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("adapter", "redis").containsEntry("redis", "UP");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().untilAsserted(() -> assertThat(registry.get(RoomcastMeters.CLUSTER_REDIS_UP).gauge().value())
                    .isEqualTo(1.0));
        });
    }

    @Test
    void shouldUseTheStreamsAdapterWhenNamed() {
        runner().withPropertyValues("roomcast.redis.adapter=redis-streams",
                "roomcast.recovery.max-disconnection=30s").run(context -> {
            RoomcastServer server = context.getBean(RoomcastServer.class);
            assertThat(context.getBean(RoomcastAdapter.class).kind()).isEqualTo("redis-streams");
            await().atMost(Duration.ofSeconds(10)).until(server::isAdapterReady);
            assertThat(context.getBean(MeterRegistry.class).find(RoomcastMeters.CLUSTER_STREAM_LAG).gauge())
                    .isNotNull();
        });
    }
}

package io.roomcast.node.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** PRESENCE and PRESENCE_TTL. */
class PresenceConfigTests {

    @Test
    void shouldDefaultToLocalOnOneNodeRedisWithARedisAdapterAndAdapterOnARedisCluster() {
        assertThat(TestEnv.load().chat().presence()).isEqualTo(PresenceMode.LOCAL);
        assertThat(TestEnv.load("REDIS_URL", "redis://r:6379").chat().presence()).isEqualTo(PresenceMode.REDIS);
        assertThat(TestEnv.load("REDIS_URL", "redis://r:6379", "ADAPTER", "redis-streams").chat().presence())
                .isEqualTo(PresenceMode.REDIS);
        assertThat(TestEnv.load("REDIS_URL", "redis://r1:7000,redis://r2:7001", "REDIS_MODE", "cluster").chat()
                .presence()).isEqualTo(PresenceMode.ADAPTER);
        assertThat(TestEnv.load().chat().presenceTtl()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldReadPresenceAndItsTtl() {
        NodeConfig config = TestEnv.load("REDIS_URL", "redis://r:6379", "PRESENCE", "Adapter", "PRESENCE_TTL", "5s");

        assertThat(config.chat().presence()).isEqualTo(PresenceMode.ADAPTER);
        assertThat(config.chat().presenceTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(TestEnv.load("PRESENCE", "local").chat().presence()).isEqualTo(PresenceMode.LOCAL);
        assertThat(TestEnv.load("PRESENCE", "adapter").chat().presence()).as("fetchSockets on one node: allowed")
                .isEqualTo(PresenceMode.ADAPTER);
    }

    @Test
    void shouldRefuseWhatCannotRun() {
        assertThat(TestEnv.problems("PRESENCE", "everywhere")).singleElement().asString()
                .contains("PRESENCE").contains("redis, adapter, local");
        assertThat(TestEnv.problems("PRESENCE", "redis")).singleElement().asString()
                .contains("PRESENCE=redis needs REDIS_URL");
        assertThat(TestEnv.problems("PRESENCE", "redis", "REDIS_URL", "redis://r1:7000,redis://r2:7001",
                "REDIS_MODE", "cluster")).singleElement().asString().contains("use PRESENCE=adapter");
        assertThat(TestEnv.problems("PRESENCE_TTL", "100ms")).singleElement().asString()
                .contains("PRESENCE_TTL must be at least 300ms");
        assertThat(TestEnv.problems("PRESENCE_TTL", "soon")).singleElement().asString().contains("PRESENCE_TTL");
    }
}

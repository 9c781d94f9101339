package io.roomcast.cluster.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fixture fails, naming what to install, rather than letting Redis tests pass by skipping. */
class RedisFixtureTests {

    @Test
    void shouldFailWithWhatToInstallWhenThereIsNoRedis() {
        assertThatThrownBy(() -> RedisFixture.startServer(null, false, () -> false, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("install redis-server (apt-get install redis-server) or set REDIS_URL");
    }

    @Test
    void shouldNotSettleForRedisUrlWhenTheTestRestartsRedis() {
        assertThatThrownBy(() -> RedisFixture.startServer("redis://127.0.0.1:1", true, () -> false, null))
                .hasMessageContaining("REDIS_URL is not enough");
        RedisFixture.Server external = RedisFixture.startServer("redis://127.0.0.1:1", false, () -> false, null);
        assertThat(external.uri().getPort()).isEqualTo(1);
        assertThatThrownBy(external::kill).isInstanceOf(UnsupportedOperationException.class);
    }
}

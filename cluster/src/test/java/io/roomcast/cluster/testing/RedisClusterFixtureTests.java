package io.roomcast.cluster.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster fixture fails, naming what to install, rather than letting cluster tests pass by skipping. */
class RedisClusterFixtureTests {

    @Test
    void shouldFailWithWhatToInstallWhenRedisServerOrRedisCliIsMissing() {
        assertThatThrownBy(() -> RedisClusterFixture.requireBinaries(name -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("install redis-server and redis-tools (apt-get install redis-server "
                        + "redis-tools)");
        assertThatThrownBy(() -> RedisClusterFixture.requireBinaries(
                name -> name.equals("redis-server") ? Path.of("/usr/bin/redis-server") : null))
                .hasMessageStartingWith("no redis-cli on the PATH");
        assertThat(RedisClusterFixture.requireBinaries(name -> Path.of("/usr/bin", name)).cli())
                .isEqualTo(Path.of("/usr/bin/redis-cli"));
    }

    @Test
    void shouldRejectANodeTimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> RedisClusterFixture.create().withNodeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeTimeout must be > 0");
    }
}

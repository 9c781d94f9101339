package io.roomcast.cluster.testing;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sentinel fixture names what to install, and its URL is the text form of its URI for lettuce. */
class SentinelFixtureTests {

    @Test
    void shouldFailWithWhatToInstallWhenRedisSentinelIsMissing() {
        assertThatThrownBy(() -> SentinelFixture.requireBinaries(
                name -> name.equals("redis-server") ? Path.of("/usr/bin/redis-server") : null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("install redis-sentinel (apt-get install redis-sentinel)");
        assertThatThrownBy(() -> SentinelFixture.requireBinaries(name -> null))
                .hasMessageContaining("apt-get install redis-server redis-sentinel");
    }

    @Test
    void shouldWriteASentinelUrlThatLettuceParsesAsTheSentinelUri() {
        String url = SentinelFixture.sentinelUrl(List.of(26001, 26002, 26003), "roomcast");
        assertThat(url).isEqualTo("redis-sentinel://127.0.0.1:26001,127.0.0.1:26002,127.0.0.1:26003#roomcast");

        RedisURI parsed = RedisURI.create(url);
        RedisURI built = SentinelFixture.sentinelUri(List.of(26001, 26002, 26003), "roomcast");
        assertThat(parsed.getSentinelMasterId()).isEqualTo("roomcast");
        assertThat(parsed.getSentinels()).extracting(RedisURI::getHost).containsOnly("127.0.0.1");
        assertThat(parsed.getSentinels()).extracting(RedisURI::getPort).containsExactly(26001, 26002, 26003);
        assertThat(parsed).isEqualTo(built);
    }

    @Test
    void shouldRejectAMasterNameThatCannotStandInAUrlOrAConfigLine() {
        assertThatThrownBy(() -> SentinelFixture.create().withMasterName("my master"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("masterName must match");
        assertThat(SentinelFixture.create().withMasterName("other").masterName()).isEqualTo("other");
    }
}

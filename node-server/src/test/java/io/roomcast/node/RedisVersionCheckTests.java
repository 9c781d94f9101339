package io.roomcast.node;

import io.roomcast.node.config.ConfigException;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.config.NodeConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis 7 check of {@code ADAPTER=redis-sharded} on {@code INFO server} replies. Only Redis 7 binaries are
 * installed here, so an older Redis is checked on its reply text (the head of a real Redis 6.2 reply).
 */
class RedisVersionCheckTests {

    private static String info(String version) {
        return "# Server\r\nredis_version:" + version + "\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\n"
                + "redis_mode:standalone\r\nos:Linux 6.1.0 x86_64\r\n";
    }

    @Test
    void shouldReadTheVersionOfAnInfoServerReply() {
        assertThat(RedisVersionCheck.version(info("7.0.15"))).contains("7.0.15");
        assertThat(RedisVersionCheck.version(info("6.2.14"))).contains("6.2.14");
        assertThat(RedisVersionCheck.version("# Server\r\nredis_mode:standalone\r\n")).isEmpty();
    }

    @Test
    void shouldTellWhichVersionsHaveShardedPubSub() {
        assertThat(RedisVersionCheck.hasShardedPubSub("7.0.0")).isTrue();
        assertThat(RedisVersionCheck.hasShardedPubSub("7.2.4")).isTrue();
        assertThat(RedisVersionCheck.hasShardedPubSub("10.0.1")).isTrue();
        assertThat(RedisVersionCheck.hasShardedPubSub("6.2.14")).isFalse();
        assertThat(RedisVersionCheck.hasShardedPubSub("255.255.255")).isTrue();
        assertThat(RedisVersionCheck.hasShardedPubSub("unknown")).isFalse();
    }

    @Test
    void shouldRefuseTheShardedAdapterOnRedis6NamingTheServer() {
        Map<String, String> infos = new LinkedHashMap<>();
        infos.put("10.0.0.1:7000", info("7.0.15"));
        infos.put("10.0.0.2:7001", info("6.2.14"));

        assertThatThrownBy(() -> RedisVersionCheck.requireShardedPubSub(infos)).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: ADAPTER=redis-sharded needs Redis 7.0 or newer (sharded pub/sub: "
                        + "SPUBLISH, SSUBSCRIBE), but 10.0.0.2:7001 runs Redis 6.2.14: upgrade Redis or use "
                        + "ADAPTER=redis");
    }

    @Test
    void shouldAcceptRedis7OnEveryServer() {
        assertThatCode(() -> RedisVersionCheck.requireShardedPubSub(Map.of("a:1", info("7.0.15"),
                "b:2", info("7.2.4")))).doesNotThrowAnyException();
    }

    @Test
    void shouldReadTheVersionOfARealRedisAndPassItsCheck() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            NodeConfig.Cluster cluster = EnvConfigLoader.load(Map.of("REDIS_URL", redis.url(),
                    "ADAPTER", "redis-sharded", "HOSTNAME", "pod-1")).cluster();

            Map<String, String> infos = RedisVersionCheck.serverInfo(cluster);

            assertThat(infos).hasSize(1);
            assertThat(infos.keySet().iterator().next()).isEqualTo(redis.url().substring("redis://".length()));
            assertThat(RedisVersionCheck.version(infos.values().iterator().next()))
                    .hasValueSatisfying(version -> assertThat(version).matches("\\d+\\.\\d+\\.\\d+"));
            assertThatCode(() -> RedisVersionCheck.requireShardedPubSub(cluster))
                    .as("the Redis installed here is 7 or newer").doesNotThrowAnyException();
        }
    }
}

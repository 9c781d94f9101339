package io.roomcast.node.limits;

import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Redisson follows REDIS_URL and REDIS_MODE as the adapters do (checked on its YAML form; no Redis needed). */
class RedissonConfigsTests {

    private static String yaml(Map<String, String> env) throws Exception {
        NodeConfig.Cluster cluster = EnvConfigLoader.load(env).cluster();
        Config config = RedissonConfigs.forCluster(cluster);
        return config.toYAML();
    }

    @Test
    void shouldUseOneServerWithItsDatabaseCredentialsAndTlsInStandaloneMode() throws Exception {
        String yaml = yaml(Map.of("REDIS_URL", "rediss://app:s3cret@redis.example:6380/2"));

        assertThat(yaml).contains("singleServerConfig:").contains("address: \"rediss://redis.example:6380\"")
                .contains("database: 2").contains("username: \"app\"").contains("password: \"s3cret\"");
    }

    @Test
    void shouldAskTheSentinelsForTheMasterInSentinelMode() throws Exception {
        String yaml = yaml(Map.of("REDIS_URL", "redis-sentinel://:pw@s1:26379,s2:26380/1#mymaster"));

        assertThat(yaml).contains("sentinelServersConfig:").contains("masterName: \"mymaster\"")
                .contains("redis://s1:26379").contains("redis://s2:26380").contains("database: 1")
                .contains("password: \"pw\"");
    }

    @Test
    void shouldUseEverySeedInClusterMode() throws Exception {
        String yaml = yaml(Map.of("REDIS_MODE", "cluster", "REDIS_URL", "redis://:pw@n1:7000,n2:7001"));

        assertThat(yaml).contains("clusterServersConfig:").contains("redis://n1:7000").contains("redis://n2:7001")
                .contains("password: \"pw\"");
    }
}

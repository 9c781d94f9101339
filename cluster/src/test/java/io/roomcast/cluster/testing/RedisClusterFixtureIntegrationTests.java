package io.roomcast.cluster.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.models.role.RedisInstance;
import io.lettuce.core.models.role.RedisReplicaInstance;
import io.lettuce.core.models.role.RoleParser;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fixture's cluster is a real Redis Cluster: lettuce's cluster client uses it, and it fails over and heals. */
@Tag("integration")
class RedisClusterFixtureIntegrationTests {

    @RegisterExtension
    static final RedisClusterFixture cluster = RedisClusterFixture.create();

    private static final Logger log = LoggerFactory.getLogger(RedisClusterFixtureIntegrationTests.class);

    private static ClientResources resources;
    private static RedisClient nodeClient;

    @BeforeAll
    static void createClients() {
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
        nodeClient = RedisClient.create(resources);
    }

    @AfterAll
    static void shutdownClients() {
        nodeClient.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Test
    void shouldServeKeysOnEveryMasterThroughAClusterClientOnTheSeeds() {
        assertThat(cluster.seeds()).hasSize(6);
        assertThat(cluster.seedList().split(",")).hasSize(6)
                .allMatch(seed -> seed.matches("127\\.0\\.0\\.1:\\d+"));
        Map<Integer, String> keyPerMaster = new TreeMap<>();
        for (int i = 0; keyPerMaster.size() < 3; i++) {
            String key = cluster.keyPrefix() + "-" + i;
            keyPerMaster.putIfAbsent(cluster.masterOf(key), key);
        }
        assertThat(keyPerMaster.keySet()).containsExactlyElementsOf(cluster.masterPorts());

        RedisClusterClient client = clusterClient();
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            keyPerMaster.forEach((master, key) -> assertThat(redis.set(key, "on " + master)).isEqualTo("OK"));
            keyPerMaster.forEach((master, key) -> assertThat(redis.get(key)).isEqualTo("on " + master));
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Test
    void masterOfShouldNameTheNodeThatHoldsTheKey() {
        String key = cluster.keyPrefix() + "-key";
        int master = cluster.masterOf(key);
        int other = cluster.masterPorts().stream().filter(port -> port != master).findFirst().orElseThrow();
        try (StatefulRedisConnection<String, String> owner = nodeClient.connect(RedisURI.create("127.0.0.1", master));
             StatefulRedisConnection<String, String> elsewhere = nodeClient.connect(
                     RedisURI.create("127.0.0.1", other))) {
            assertThat(owner.sync().clusterKeyslot(key)).isEqualTo(SlotHash.getSlot(key));
            assertThat(owner.sync().set(key, "here")).isEqualTo("OK");
            assertThat(owner.sync().get(key)).isEqualTo("here");
            assertThatThrownBy(() -> elsewhere.sync().get(key))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("MOVED " + SlotHash.getSlot(key) + " 127.0.0.1:" + master);
        }
        int replica = cluster.replicaOf(master);
        assertThat(cluster.masterPorts()).doesNotContain(replica);
        assertThat(replicaInstance(replica).getUpstream().getHost().getPort()).isEqualTo(master);
    }

    @Test
    void shouldPromoteTheReplicaOfAKilledMasterAndTakeTheMasterBackAsAReplicaOnRestart() {
        String key = cluster.keyPrefix() + "-key";
        int master = cluster.masterOf(key);
        int replica = cluster.replicaOf(master);
        try (StatefulRedisConnection<String, String> owner = nodeClient.connect(RedisURI.create("127.0.0.1", master))) {
            owner.sync().set(key, "before");
            assertThat(owner.sync().waitForReplication(1, 5_000)).isEqualTo(1);
        }
        RedisClusterClient client = clusterClient();
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            assertThat(redis.get(key)).isEqualTo("before");

            cluster.kill(master);
            assertThatThrownBy(() -> cluster.awaitFailover(master, Duration.ofMillis(1)))
                    .hasMessageStartingWith("the slots of the killed master " + master
                            + " were not failed over within 1 ms: node ");
            long killed = System.nanoTime();
            cluster.awaitFailover(master, Duration.ofSeconds(20));
            log.info("failover took {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

            assertThat(cluster.masterOf(key)).isEqualTo(replica);
            assertThat(cluster.masterPorts()).hasSize(3).contains(replica).doesNotContain(master);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(redis.get(key)).isEqualTo("before"));
            assertThat(redis.set(key, "after")).isEqualTo("OK");
            assertThat(redis.get(key)).isEqualTo("after");

            long restarted = System.nanoTime();
            cluster.restart(master);
            cluster.awaitHealthy();
            log.info("rejoin took {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
            assertThat(cluster.replicaOf(replica)).isEqualTo(master);
            assertThat(replicaInstance(master).getUpstream().getHost().getPort()).isEqualTo(replica);
            assertThat(redis.get(key)).isEqualTo("after");
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static RedisClusterClient clusterClient() {
        RedisClusterClient client = RedisClusterClient.create(resources, cluster.seeds());
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofMillis(500))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .build());
        return client;
    }

    private static RedisReplicaInstance replicaInstance(int port) {
        try (StatefulRedisConnection<String, String> node = nodeClient.connect(RedisURI.create("127.0.0.1", port))) {
            RedisInstance role = RoleParser.parse(node.sync().role());
            assertThat(role.getRole().isReplica()).as("ROLE is a replica").isTrue();
            return (RedisReplicaInstance) role;
        }
    }
}

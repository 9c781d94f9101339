package io.roomcast.cluster.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture's sentinels are real: lettuce finds the master through them, before and after a failover. */
@Tag("integration")
class SentinelFixtureIntegrationTests {

    @RegisterExtension
    static final SentinelFixture sentinel = SentinelFixture.create();

    private static final Logger log = LoggerFactory.getLogger(SentinelFixtureIntegrationTests.class);

    private static ClientResources resources;
    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
        client = RedisClient.create(resources);
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Test
    void shouldReachTheMasterThroughTheSentinelUriAndUrl() {
        String key = sentinel.keyPrefix() + "-key";
        try (StatefulRedisConnection<String, String> connection = client.connect(sentinel.sentinelUri())) {
            assertThat(connection.sync().set(key, "written")).isEqualTo("OK");
            assertThat(tcpPort(connection.sync())).isEqualTo(sentinel.masterPort());
        }
        try (StatefulRedisConnection<String, String> connection = client.connect(
                RedisURI.create(sentinel.sentinelUrl()))) {
            assertThat(connection.sync().get(key)).isEqualTo("written");
            assertThat(tcpPort(connection.sync())).isEqualTo(sentinel.masterPort());
        }
    }

    @Test
    void shouldPromoteTheReplicaOfAKilledMasterAndTakeTheMasterBackAsAReplicaOnRestart() {
        String key = sentinel.keyPrefix() + "-key";
        try (StatefulRedisConnection<String, String> connection = client.connect(sentinel.sentinelUri())) {
            connection.sync().set(key, "before");
            assertThat(connection.sync().waitForReplication(1, 5_000)).isEqualTo(1);
        }

        int old = sentinel.killMaster();
        long killed = System.nanoTime();
        int promoted = sentinel.awaitNewMaster(old, Duration.ofSeconds(30));
        log.info("failover took {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        assertThat(promoted).isNotEqualTo(old).isEqualTo(sentinel.masterPort());

        try (StatefulRedisConnection<String, String> connection = client.connect(sentinel.sentinelUri())) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(tcpPort(redis)).isEqualTo(promoted);
            assertThat(redis.get(key)).isEqualTo("before");
            assertThat(redis.set(key, "after")).isEqualTo("OK");
        }

        long restarted = System.nanoTime();
        sentinel.restart(old);
        sentinel.awaitHealthy();
        log.info("rejoin took {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
        assertThat(sentinel.masterPort()).as("the master after the rejoin; what the sentinels decided:%n%s",
                sentinel.failoverEvents()).isEqualTo(promoted);
        try (StatefulRedisConnection<String, String> former = client.connect(RedisURI.create("127.0.0.1", old))) {
            RedisInstance role = RoleParser.parse(former.sync().role());
            assertThat(role.getRole().isReplica()).as("ROLE of %d is a replica; what the sentinels decided:%n%s",
                    old, sentinel.failoverEvents()).isTrue();
            assertThat(((RedisReplicaInstance) role).getUpstream().getHost().getPort()).isEqualTo(promoted);
        }
    }

    private static int tcpPort(RedisCommands<String, String> redis) {
        return Integer.parseInt(NodeClient.fields(redis.info("server")).get("tcp_port"));
    }
}

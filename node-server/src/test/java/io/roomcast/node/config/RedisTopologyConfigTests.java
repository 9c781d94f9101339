package io.roomcast.node.config;

import io.roomcast.cluster.SubscriptionMode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** REDIS_MODE with the REDIS_URL forms of each mode, ADAPTER=redis-sharded and SUBSCRIPTION_MODE. */
class RedisTopologyConfigTests {

    private static final String SENTINEL = "redis-sentinel://:secret@s1:26379,s2:26380/0#mymaster";

    private static NodeConfig load(String... keyValues) {
        return TestEnv.load(keyValues);
    }

    private static List<String> problems(String... keyValues) {
        return TestEnv.problems(keyValues);
    }

    // ---------------------------------------------------------------- REDIS_MODE

    @Test
    void shouldRunStandaloneByDefault() {
        NodeConfig.Cluster cluster = load("REDIS_URL", "redis://redis:6379/0").cluster();

        assertThat(cluster.redisMode()).isEqualTo(RedisMode.STANDALONE);
        assertThat(cluster.redisUrls()).containsExactly(URI.create("redis://redis:6379/0"));
    }

    @Test
    void shouldReadEveryModeCaseInsensitively() {
        assertThat(load("REDIS_URL", "redis://h:1", "REDIS_MODE", " Standalone ").cluster().redisMode())
                .isEqualTo(RedisMode.STANDALONE);
        assertThat(load("REDIS_URL", "redis://h:1", "REDIS_MODE", "CLUSTER").cluster().redisMode())
                .isEqualTo(RedisMode.CLUSTER);
        assertThat(load("REDIS_URL", SENTINEL, "REDIS_MODE", "sentinel").cluster().redisMode())
                .isEqualTo(RedisMode.SENTINEL);
    }

    @Test
    void shouldRefuseAnUnknownModeNamingTheValidOnes() {
        assertThat(problems("REDIS_URL", "redis://h:1", "REDIS_MODE", "replicated"))
                .containsExactly("REDIS_MODE must be one of standalone, cluster, sentinel (got \"replicated\")");
    }

    @Test
    void shouldTakeASentinelUrlAsSentinelModeWhenTheModeIsUnset() {
        NodeConfig.Cluster cluster = load("REDIS_URL", SENTINEL).cluster();

        assertThat(cluster.redisMode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(cluster.redisUrls()).containsExactly(URI.create(SENTINEL));
        assertThat(cluster.toString()).as("no password in logs").doesNotContain("secret")
                .contains("redis-sentinel://s1:26379,s2:26380#mymaster");
    }

    @Test
    void shouldRefuseASentinelUrlWithExplicitStandaloneMode() {
        assertThat(problems("REDIS_URL", SENTINEL, "REDIS_MODE", "standalone")).containsExactly(
                "REDIS_URL is a redis-sentinel:// URL but REDIS_MODE=standalone: set REDIS_MODE=sentinel (or leave "
                        + "REDIS_MODE unset)");
    }

    @Test
    void shouldRefuseSentinelModeWithoutASentinelUrlOrMasterName() {
        assertThat(problems("REDIS_URL", "redis://:secret@h:6379", "REDIS_MODE", "sentinel"))
                .singleElement().asString().startsWith("REDIS_MODE=sentinel needs REDIS_URL to be a "
                        + "redis-sentinel:// URL").doesNotContain("secret");
        assertThat(problems("REDIS_URL", "redis-sentinel://:secret@s1:26379", "REDIS_MODE", "sentinel"))
                .singleElement().asString().contains("after '#', the master name").doesNotContain("secret");
    }

    @Test
    void shouldRefuseSeveralNodesOutsideClusterMode() {
        assertThat(problems("REDIS_URL", "redis://h1:7000,redis://h2:7001")).singleElement().asString()
                .startsWith("REDIS_URL names several nodes (comma-separated), which needs REDIS_MODE=cluster");
    }

    // ---------------------------------------------------------------- cluster seeds

    @Test
    void shouldReadClusterSeedsAsUrlsOrHostPorts() {
        assertThat(load("REDIS_MODE", "cluster", "REDIS_URL", "redis://h1:7000, redis://h2:7001").cluster()
                .redisUrls()).containsExactly(URI.create("redis://h1:7000"), URI.create("redis://h2:7001"));
        assertThat(load("REDIS_MODE", "cluster", "REDIS_URL", "127.0.0.1:7000,127.0.0.1:7001,h3").cluster()
                .redisUrls()).containsExactly(URI.create("redis://127.0.0.1:7000"),
                URI.create("redis://127.0.0.1:7001"), URI.create("redis://h3"));
        assertThat(load("REDIS_MODE", "cluster", "REDIS_URL", "redis://one-seed:6379").cluster().redisUrls())
                .containsExactly(URI.create("redis://one-seed:6379"));
    }

    @Test
    void shouldGiveBareSeedsTheSchemeAndCredentialsOfTheFirstSeedAsLettuceDoes() {
        NodeConfig.Cluster cluster = load("REDIS_MODE", "cluster",
                "REDIS_URL", "rediss://app:secret@h1:7000,h2:7001,redis://h3:7002").cluster();

        assertThat(cluster.redisUrls()).containsExactly(URI.create("rediss://app:secret@h1:7000"),
                URI.create("rediss://app:secret@h2:7001"), URI.create("redis://h3:7002"));
        assertThat(cluster.toString()).doesNotContain("secret")
                .contains("redisMode=cluster, redisUrl=rediss://h1:7000,rediss://h2:7001,redis://h3:7002");
    }

    @Test
    void shouldRefuseBadSeedsSayingWhichOneWithoutEchoingIt() {
        assertThat(problems("REDIS_MODE", "cluster", "REDIS_URL", "redis://:secret@h1:7000,,h3:7002"))
                .singleElement().asString().startsWith("REDIS_URL must list Redis Cluster seed nodes")
                .endsWith("(seed 2 of 3 is empty)").doesNotContain("secret");
        assertThat(problems("REDIS_MODE", "cluster", "REDIS_URL", "redis://h1:7000,http://h2:80"))
                .singleElement().asString().endsWith("(seed 2 of 2 is not)");
        assertThat(problems("REDIS_MODE", "cluster", "REDIS_URL", "redis://h1:7000/3"))
                .containsExactly("REDIS_URL: a Redis Cluster has only database 0 (seed 1 of 1 names another)");
        assertThat(problems("REDIS_MODE", "cluster", "REDIS_URL", SENTINEL)).singleElement().asString()
                .startsWith("REDIS_MODE=cluster needs REDIS_URL to list seed nodes");
    }

    @Test
    void shouldRefuseTheStreamsAdapterOnARedisCluster() {
        assertThat(problems("REDIS_MODE", "cluster", "REDIS_URL", "h1:7000", "ADAPTER", "redis-streams"))
                .singleElement().asString().startsWith("ADAPTER=redis-streams does not run with REDIS_MODE=cluster");
    }

    @Test
    void shouldRunTheStreamsAdapterOnSentinel() {
        NodeConfig.Cluster cluster = load("REDIS_URL", SENTINEL, "ADAPTER", "redis-streams").cluster();

        assertThat(cluster.adapter()).isEqualTo(AdapterKind.REDIS_STREAMS);
        assertThat(cluster.redisMode()).isEqualTo(RedisMode.SENTINEL);
    }

    // ---------------------------------------------------------------- ADAPTER=redis-sharded, SUBSCRIPTION_MODE

    @Test
    void shouldReadTheShardedAdapterWithNodesDefaultSubscriptionModeDynamic() {
        NodeConfig.Cluster cluster = load("REDIS_URL", "redis://h:6379", "ADAPTER", "Redis-Sharded").cluster();

        assertThat(cluster.adapter()).isEqualTo(AdapterKind.REDIS_SHARDED);
        assertThat(cluster.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC);
        assertThat(cluster.clustered()).isTrue();
        assertThat(cluster.toString()).contains("adapter=redis-sharded", "subscriptionMode=dynamic");
    }

    @Test
    void shouldTakeEverySubscriptionModeForTheShardedAdapter() {
        for (SubscriptionMode mode : SubscriptionMode.values()) {
            assertThat(load("REDIS_MODE", "cluster", "REDIS_URL", "h:7000", "ADAPTER", "redis-sharded",
                    "SUBSCRIPTION_MODE", mode.wireName().toUpperCase()).cluster().subscriptionMode()).isEqualTo(mode);
        }
    }

    @Test
    void shouldRunTheOtherAdaptersStaticOrClassicDynamicPrivateAndRefuseTheRest() {
        assertThat(load("REDIS_URL", "redis://h:6379").cluster().subscriptionMode()).isEqualTo(SubscriptionMode.STATIC);
        assertThat(load("REDIS_URL", "redis://h:6379", "SUBSCRIPTION_MODE", "static").cluster().subscriptionMode())
                .isEqualTo(SubscriptionMode.STATIC);
        assertThat(load("REDIS_URL", "redis://h:6379", "SUBSCRIPTION_MODE", "dynamic-private").cluster()
                .subscriptionMode()).as("the classic adapter's opt-in mode").isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(problems("REDIS_URL", "redis://h:6379", "SUBSCRIPTION_MODE", "dynamic")).containsExactly(
                "SUBSCRIPTION_MODE=dynamic needs ADAPTER=redis-sharded: ADAPTER=redis (the default) runs static or "
                        + "dynamic-private (dynamic would lose to(socketId) broadcasts from Node nodes, which publish "
                        + "them on the socket id's room channel)");
        assertThat(problems("REDIS_URL", "redis://h:6379", "ADAPTER", "redis-streams",
                "SUBSCRIPTION_MODE", "dynamic-private")).singleElement().asString()
                .startsWith("SUBSCRIPTION_MODE=dynamic-private needs ADAPTER=redis-sharded: ADAPTER=redis-streams "
                        + "subscribes");
    }

    @Test
    void shouldRefuseAnUnknownSubscriptionMode() {
        assertThat(problems("REDIS_URL", "redis://h:6379", "ADAPTER", "redis-sharded", "SUBSCRIPTION_MODE", "lazy"))
                .containsExactly("SUBSCRIPTION_MODE must be one of static, dynamic, dynamic-private (got \"lazy\")");
    }

    @Test
    void shouldRefuseRecoveryWithTheShardedAdapterAsNodeDoes() {
        assertThat(problems("REDIS_URL", "redis://h:6379", "ADAPTER", "redis-sharded",
                "RECOVERY_MAX_DISCONNECTION", "2m")).containsExactly("RECOVERY_MAX_DISCONNECTION needs "
                + "ADAPTER=redis-streams (or ADAPTER=memory on a single node): ADAPTER=redis-sharded, the sharded "
                + "pub/sub adapter, cannot recover sessions, as Node's cannot");
    }

    @Test
    void shouldRequireRedisUrlForTheShardedAdapter() {
        assertThat(problems("ADAPTER", "redis-sharded")).containsExactly("ADAPTER=redis-sharded requires REDIS_URL");
    }

    @Test
    void shouldReportEveryTopologyProblemAtOnce() {
        assertThat(problems("REDIS_MODE", "cluster", "REDIS_URL", "h1:7000,", "ADAPTER", "redis",
                "SUBSCRIPTION_MODE", "dynamic", "RECOVERY_MAX_DISCONNECTION", "1m")).hasSize(3);
    }

    // ---------------------------------------------------------------- the record's own checks

    @Test
    void shouldCheckTheTopologyInTheRecordToo() {
        URI standalone = URI.create("redis://h:6379");
        assertThatThrownBy(() -> new NodeConfig.Cluster(List.of(standalone, standalone), RedisMode.STANDALONE,
                "socket.io", Duration.ofSeconds(5), AdapterKind.REDIS, 10, SubscriptionMode.STATIC))
                .hasMessageContaining("only REDIS_MODE cluster takes several redisUrls");
        assertThatThrownBy(() -> new NodeConfig.Cluster(List.of(standalone), RedisMode.SENTINEL,
                "socket.io", Duration.ofSeconds(5), AdapterKind.REDIS, 10, SubscriptionMode.STATIC))
                .hasMessageContaining("redis-sentinel://");
        assertThatThrownBy(() -> new NodeConfig.Cluster(List.of(standalone), RedisMode.CLUSTER,
                "socket.io", Duration.ofSeconds(5), AdapterKind.REDIS_STREAMS, 10, SubscriptionMode.STATIC))
                .hasMessageContaining("does not run on a Redis Cluster");
        assertThatThrownBy(() -> new NodeConfig.Cluster(List.of(standalone), RedisMode.STANDALONE,
                "socket.io", Duration.ofSeconds(5), AdapterKind.REDIS, 10, SubscriptionMode.DYNAMIC))
                .hasMessageContaining("does not support subscription mode dynamic");
        assertThat(new NodeConfig.Cluster(Optional.of(URI.create(SENTINEL)), "socket.io", Duration.ofSeconds(5),
                AdapterKind.REDIS, 10).redisMode()).isEqualTo(RedisMode.SENTINEL);
    }
}

package io.roomcast.node.config;

import io.roomcast.socketio.ConnectionStateRecovery;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADAPTER, STREAM_MAXLEN, RECOVERY_MAX_DISCONNECTION, RECOVERY_SKIP_MIDDLEWARES and DRAIN_SPREAD. */
class AdapterAndRecoveryConfigTests {

    private static final String REDIS = "redis://redis.example:6379/0";

    private static NodeConfig load(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of("HOSTNAME", "pod-1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return EnvConfigLoader.load(env);
    }

    private static void assertProblem(String expected, String... keyValues) {
        assertThatThrownBy(() -> load(keyValues)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(expected));
    }

    // ---------------------------------------------------------------- ADAPTER

    @Test
    void shouldRunInMemoryWithoutRedisUrl() {
        NodeConfig config = load();

        assertThat(config.cluster().adapter()).isEqualTo(AdapterKind.MEMORY);
        assertThat(config.cluster().clustered()).isFalse();
        assertThat(config.cluster().streamMaxLen()).isEqualTo(10_000);
    }

    @Test
    void shouldRunTheClassicRedisAdapterByDefaultWithRedisUrl() {
        NodeConfig config = load("REDIS_URL", REDIS);

        assertThat(config.cluster().adapter()).isEqualTo(AdapterKind.REDIS);
        assertThat(config.cluster().clustered()).isTrue();
        assertThat(config.cluster().redisUrl()).contains(URI.create(REDIS));
    }

    @Test
    void shouldReadEveryAdapterNameCaseInsensitively() {
        assertThat(load("REDIS_URL", REDIS, "ADAPTER", "redis").cluster().adapter()).isEqualTo(AdapterKind.REDIS);
        assertThat(load("REDIS_URL", REDIS, "ADAPTER", " Redis-Streams ").cluster().adapter())
                .isEqualTo(AdapterKind.REDIS_STREAMS);
        assertThat(load("ADAPTER", "MEMORY").cluster().adapter()).isEqualTo(AdapterKind.MEMORY);
    }

    @Test
    void shouldTreatABlankAdapterAsUnset() {
        assertThat(load("ADAPTER", " ").cluster().adapter()).isEqualTo(AdapterKind.MEMORY);
        assertThat(load("ADAPTER", "", "REDIS_URL", REDIS).cluster().adapter()).isEqualTo(AdapterKind.REDIS);
    }

    @Test
    void shouldLetMemoryIgnoreARedisUrl() {
        NodeConfig config = load("REDIS_URL", REDIS, "ADAPTER", "memory");

        assertThat(config.cluster().adapter()).isEqualTo(AdapterKind.MEMORY);
        assertThat(config.cluster().clustered()).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownAdapter() {
        assertProblem("ADAPTER must be one of redis, redis-streams, redis-sharded, memory (got \"kafka\")",
                "REDIS_URL", REDIS, "ADAPTER", "kafka");
    }

    @Test
    void shouldRefuseARedisAdapterWithoutRedisUrl() {
        assertProblem("ADAPTER=redis requires REDIS_URL", "ADAPTER", "redis");
        assertProblem("ADAPTER=redis-streams requires REDIS_URL", "ADAPTER", "redis-streams");
    }

    @Test
    void shouldNotAlsoBlameAdapterForAnInvalidRedisUrl() {
        assertProblem("REDIS_URL must be a URL like redis://host:6379 or rediss://user:password@host:6379/0",
                "REDIS_URL", "http://redis:6379", "ADAPTER", "redis-streams");
    }

    // ---------------------------------------------------------------- STREAM_MAXLEN

    @Test
    void shouldReadStreamMaxLen() {
        assertThat(load("REDIS_URL", REDIS, "ADAPTER", "redis-streams", "STREAM_MAXLEN", "500")
                .cluster().streamMaxLen()).isEqualTo(500);
    }

    @Test
    void shouldRefuseAStreamMaxLenBelowOne() {
        assertProblem("STREAM_MAXLEN must be a whole number between 1 and 2147483647 (got \"0\")",
                "STREAM_MAXLEN", "0");
        assertProblem("STREAM_MAXLEN must be a whole number between 1 and 2147483647 (got \"lots\")",
                "STREAM_MAXLEN", "lots");
    }

    // ---------------------------------------------------------------- RECOVERY_*

    @Test
    void shouldLeaveRecoveryOffByDefault() {
        NodeConfig config = load("REDIS_URL", REDIS);

        assertThat(config.recovery().enabled()).isFalse();
        assertThat(config.recovery().skipMiddlewares()).isTrue();
        assertThat(config.recovery().toConnectionStateRecovery()).isEmpty();
    }

    @Test
    void shouldBuildTheLibrarysRecoveryOptionWithTheStreamsAdapter() {
        NodeConfig config = load("REDIS_URL", REDIS, "ADAPTER", "redis-streams",
                "RECOVERY_MAX_DISCONNECTION", "2m");

        assertThat(config.recovery().toConnectionStateRecovery()).contains(ConnectionStateRecovery.defaults());
    }

    @Test
    void shouldRecoverInMemoryOnASingleNode() {
        NodeConfig config = load("RECOVERY_MAX_DISCONNECTION", "PT30S", "RECOVERY_SKIP_MIDDLEWARES", "false");

        assertThat(config.recovery().toConnectionStateRecovery())
                .contains(new ConnectionStateRecovery(Duration.ofSeconds(30), false));
    }

    @Test
    void shouldRefuseRecoveryWithTheClassicRedisAdapterAndNameTheStreamsAdapter() {
        assertProblem("RECOVERY_MAX_DISCONNECTION needs ADAPTER=redis-streams (or ADAPTER=memory on a single node): "
                        + "ADAPTER=redis, the classic pub/sub adapter, cannot recover sessions, as Node's cannot",
                "REDIS_URL", REDIS, "ADAPTER", "redis", "RECOVERY_MAX_DISCONNECTION", "2m");
    }

    @Test
    void shouldSayWhenTheClassicAdapterIsOnlyTheDefault() {
        assertProblem("RECOVERY_MAX_DISCONNECTION needs ADAPTER=redis-streams (or ADAPTER=memory on a single node): "
                        + "ADAPTER=redis (the default with REDIS_URL), the classic pub/sub adapter, cannot recover "
                        + "sessions, as Node's cannot",
                "REDIS_URL", REDIS, "RECOVERY_MAX_DISCONNECTION", "2m");
    }

    @Test
    void shouldRefuseAZeroOrMalformedMaxDisconnection() {
        assertProblem("RECOVERY_MAX_DISCONNECTION must be a positive duration like 250ms, 5s, 2m or PT5S (got \"0s\")",
                "RECOVERY_MAX_DISCONNECTION", "0s");
        assertProblem("RECOVERY_MAX_DISCONNECTION must be a positive duration like 250ms, 5s, 2m or PT5S "
                + "(got \"2 minutes\")", "RECOVERY_MAX_DISCONNECTION", "2 minutes");
    }

    @Test
    void shouldRefuseANonBooleanSkipMiddlewares() {
        assertProblem("RECOVERY_SKIP_MIDDLEWARES must be true or false (got \"yes\")",
                "RECOVERY_SKIP_MIDDLEWARES", "yes");
    }

    // ---------------------------------------------------------------- DRAIN_SPREAD

    @Test
    void shouldSpreadTheDrainOverFiveSecondsByDefault() {
        assertThat(load().drainSpread()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldLowerTheDefaultSpreadToAShorterGrace() {
        assertThat(load("SHUTDOWN_GRACE", "1s").drainSpread()).isEqualTo(Duration.ofSeconds(1));
        assertThat(load("SHUTDOWN_GRACE", "0s").drainSpread()).isZero();
    }

    @Test
    void shouldReadDrainSpreadUpToTheGrace() {
        assertThat(load("DRAIN_SPREAD", "30s").drainSpread()).isEqualTo(Duration.ofSeconds(30));
        assertThat(load("DRAIN_SPREAD", "0s").drainSpread()).isZero();
        assertThat(load("DRAIN_SPREAD", "250ms", "SHUTDOWN_GRACE", "1s").drainSpread()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldRefuseADrainSpreadLongerThanTheGrace() {
        assertProblem("DRAIN_SPREAD must be at most SHUTDOWN_GRACE (10s) (got \"20s\")",
                "DRAIN_SPREAD", "20s", "SHUTDOWN_GRACE", "10s");
        assertProblem("DRAIN_SPREAD must be at most SHUTDOWN_GRACE (30s) (got \"1m\")", "DRAIN_SPREAD", "1m");
    }

    @Test
    void shouldOnlyReportTheGraceWhenTheGraceIsInvalid() {
        assertProblem("SHUTDOWN_GRACE must be a duration like 250ms, 5s, 2m or PT5S (got \"soon\")",
                "DRAIN_SPREAD", "20s", "SHUTDOWN_GRACE", "soon");
    }

    @Test
    void shouldRefuseAMalformedDrainSpread() {
        assertProblem("DRAIN_SPREAD must be a duration like 250ms, 5s, 2m or PT5S (got \"-5s\")", "DRAIN_SPREAD", "-5s");
    }

    @Test
    void shouldReportEveryNewProblemAtOnceInVariableOrder() {
        assertThatThrownBy(() -> load("ADAPTER", "redis-streams", "STREAM_MAXLEN", "-1",
                "RECOVERY_SKIP_MIDDLEWARES", "maybe", "DRAIN_SPREAD", "1h"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: ADAPTER=redis-streams requires REDIS_URL; "
                        + "STREAM_MAXLEN must be a whole number between 1 and 2147483647 (got \"-1\"); "
                        + "RECOVERY_SKIP_MIDDLEWARES must be true or false (got \"maybe\"); "
                        + "DRAIN_SPREAD must be at most SHUTDOWN_GRACE (30s) (got \"1h\")");
    }

    // ---------------------------------------------------------------- the records' own checks

    @Test
    void shouldRefuseTheSameRulesWhenBuiltInCode() {
        NodeConfig base = load();
        NodeConfig.Cluster classic = new NodeConfig.Cluster(Optional.of(URI.create(REDIS)), "socket.io",
                Duration.ofSeconds(5));
        NodeConfig.Recovery on = new NodeConfig.Recovery(Optional.of(Duration.ofMinutes(2)), true);

        assertThat(classic.adapter()).isEqualTo(AdapterKind.REDIS);
        assertThatThrownBy(() -> new NodeConfig(base.nodeId(), base.server(), classic, base.auth(), base.protocol(),
                base.chat(), base.shutdownGrace(), base.logLevel(), base.metrics(), on, base.drainSpread()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis-streams");
        assertThatThrownBy(() -> new NodeConfig.Cluster(Optional.empty(), "socket.io", Duration.ofSeconds(5),
                AdapterKind.REDIS_STREAMS, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adapter redis-streams needs a redisUrl");
        assertThatThrownBy(() -> new NodeConfig.Cluster(Optional.of(URI.create(REDIS)), "socket.io",
                Duration.ofSeconds(5), AdapterKind.REDIS_STREAMS, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("streamMaxLen must be > 0");
        assertThatThrownBy(() -> new NodeConfig(base.nodeId(), base.server(), base.cluster(), base.auth(),
                base.protocol(), base.chat(), Duration.ofSeconds(1), base.logLevel(), base.metrics(),
                NodeConfig.Recovery.off(), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("drainSpread must be <= shutdownGrace");
        assertThatThrownBy(() -> new NodeConfig.Recovery(Optional.of(Duration.ZERO), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotPrintTheRedisPasswordWithTheAdapter() {
        NodeConfig config = load("REDIS_URL", "redis://user:s3cret@redis.example:6379", "ADAPTER", "redis-streams",
                "STREAM_MAXLEN", "42");

        assertThat(config.cluster().toString()).doesNotContain("s3cret")
                .contains("adapter=redis-streams").contains("streamMaxLen=42");
    }
}

package io.roomcast.node.config;

import io.roomcast.engine.CorsOptions;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.NettyTransport;
import io.roomcast.engine.NettyTuning;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvConfigLoaderTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void shouldUseDefaultsForAnEmptyEnvironment() {
        NodeConfig config = EnvConfigLoader.load(Map.of("HOSTNAME", "pod-7"));

        assertThat(config.nodeId()).isEqualTo("pod-7");
        assertThat(config.server()).isEqualTo(new NodeConfig.Server("0.0.0.0", 3000, 9091));
        assertThat(config.cluster().clustered()).isFalse();
        assertThat(config.cluster().adapterKey()).isEqualTo("socket.io");
        assertThat(config.auth().enabled()).isFalse();
        assertThat(config.auth().required()).isFalse();
        assertThat(config.protocol()).isEqualTo(new NodeConfig.Protocol(1_000_000, Duration.ofSeconds(25),
                Duration.ofSeconds(20), Duration.ofSeconds(45), EnumSet.allOf(Transport.class)));
        assertThat(config.chat().maxMessageLength()).isEqualTo(2000);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
    }

    @Test
    void shouldReadEveryVariable() {
        NodeConfig config = EnvConfigLoader.load(Map.ofEntries(
                Map.entry("PORT", "4000"), Map.entry("HOST", "127.0.0.1"), Map.entry("MANAGEMENT_PORT", "4001"),
                Map.entry("NODE_ID", "node-a"), Map.entry("REDIS_URL", "rediss://user:pw@redis.example:6380/2"),
                Map.entry("ADAPTER_KEY", "chat"), Map.entry("JWT_SECRET", SECRET), Map.entry("AUTH_REQUIRED", "TRUE"),
                Map.entry("MAX_PAYLOAD", "2048"), Map.entry("MAX_MESSAGE_LENGTH", "10"),
                Map.entry("PING_INTERVAL", "250ms"), Map.entry("PING_TIMEOUT", "PT5S"),
                Map.entry("CONNECT_TIMEOUT", "2m"), Map.entry("HTTP_REQUEST_TIMEOUT", "3s"),
                Map.entry("TRANSPORTS", " websocket "),
                Map.entry("SHUTDOWN_GRACE", "0s"), Map.entry("LOG_LEVEL", "debug")));

        assertThat(config.nodeId()).isEqualTo("node-a");
        assertThat(config.server()).isEqualTo(new NodeConfig.Server("127.0.0.1", 4000, 4001));
        assertThat(config.cluster().redisUrl()).contains(URI.create("rediss://user:pw@redis.example:6380/2"));
        assertThat(config.cluster().adapterKey()).isEqualTo("chat");
        assertThat(config.auth().jwtSecret()).contains(SECRET);
        assertThat(config.auth().required()).isTrue();
        assertThat(config.protocol()).isEqualTo(new NodeConfig.Protocol(2048, Duration.ofMillis(250),
                Duration.ofSeconds(5), Duration.ofMinutes(2), Set.of(Transport.WEBSOCKET))
                .withHttpRequestTimeout(Duration.ofSeconds(3)));
        assertThat(config.protocol().toEngineOptions().httpRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.chat().maxMessageLength()).isEqualTo(10);
        assertThat(config.shutdownGrace()).isZero();
        assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void shouldReportEveryBadVariableInOneMessage() {
        Map<String, String> env = Map.of("PORT", "abc", "LOG_LEVEL", "LOUD", "AUTH_REQUIRED", "true",
                "PING_INTERVAL", "5", "TRANSPORTS", "polling,carrier-pigeon", "MAX_PAYLOAD", "-1");

        assertThatThrownBy(() -> EnvConfigLoader.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: "
                        + "PORT must be a number between 1 and 65535 (got \"abc\"); "
                        + "AUTH_REQUIRED=true requires JWT_SECRET; "
                        + "MAX_PAYLOAD must be a whole number between 1 and 2147483647 (got \"-1\"); "
                        + "PING_INTERVAL must be a positive duration like 250ms, 5s, 2m or PT5S (got \"5\"); "
                        + "TRANSPORTS must be a comma-separated list of polling, websocket (got \"polling,carrier-pigeon\"); "
                        + "LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR (got \"LOUD\")");
    }

    @Test
    void shouldRefuseTheSamePortForClientsAndManagement() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("PORT", "9091")))
                .hasMessage("Invalid configuration: MANAGEMENT_PORT must differ from PORT (both are 9091)");
    }

    @Test
    void shouldRefuseAShortSecretWithoutShowingIt() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("JWT_SECRET", "hunter2")))
                .hasMessage("Invalid configuration: JWT_SECRET must be at least 32 bytes (got 7)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void shouldRefuseARedisUrlWithoutShowingItsPassword() {
        for (String bad : new String[]{"http://:s3cret@redis:6379", "redis://:s3cret@", "not a url s3cret"}) {
            assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("REDIS_URL", bad)))
                    .as(bad)
                    .hasMessageStartingWith("Invalid configuration: REDIS_URL must be a URL like redis://")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        }
    }

    @Test
    void shouldRefuseOutOfRangeNumbersAndBadBooleans() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("MANAGEMENT_PORT", "70000",
                "MAX_MESSAGE_LENGTH", "0", "AUTH_REQUIRED", "yes", "SHUTDOWN_GRACE", "-PT1S", "NODE_ID", "a b")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "MANAGEMENT_PORT must be a number between 1 and 65535 (got \"70000\")",
                        "NODE_ID must be 1 to 128 letters, digits, '.', '_', ':' or '-' (got \"a b\")",
                        "AUTH_REQUIRED must be true or false (got \"yes\")",
                        "MAX_MESSAGE_LENGTH must be a whole number between 1 and 2147483647 (got \"0\")",
                        "SHUTDOWN_GRACE must be a duration like 250ms, 5s, 2m or PT5S (got \"-PT1S\")"));
    }

    @Test
    void shouldReadTheRedisBoundarySettingsAndRefuseBadOnes() {
        NodeConfig defaults = EnvConfigLoader.load(Map.of("REDIS_URL", "redis://127.0.0.1:6379"));
        NodeConfig set = EnvConfigLoader.load(Map.of("REDIS_URL", "redis://127.0.0.1:6379",
                "REDIS_MAX_PUBLISH_BYTES", "1048576", "READINESS_REQUIRES_REDIS", "true"));

        assertThat(defaults.cluster().maxPublishBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(defaults.cluster().readinessRequiresRedis()).isFalse();
        assertThat(set.cluster().maxPublishBytes()).isEqualTo(1_048_576);
        assertThat(set.cluster().readinessRequiresRedis()).isTrue();
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("REDIS_MAX_PUBLISH_BYTES", "0",
                "READINESS_REQUIRES_REDIS", "maybe")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "REDIS_MAX_PUBLISH_BYTES must be a whole number between 1 and 2147483647 (got \"0\")",
                        "READINESS_REQUIRES_REDIS must be true or false (got \"maybe\")"));
    }

    @Test
    void shouldTreatBlankValuesAsUnset() {
        NodeConfig config = EnvConfigLoader.load(Map.of("PORT", "", "JWT_SECRET", "  ", "REDIS_URL", ""));

        assertThat(config.server().port()).isEqualTo(3000);
        assertThat(config.auth().enabled()).isFalse();
        assertThat(config.cluster().clustered()).isFalse();
    }

    @Test
    void shouldParseShortAndIsoDurations() {
        assertThat(EnvConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(EnvConfigLoader.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(EnvConfigLoader.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(EnvConfigLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(EnvConfigLoader.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> EnvConfigLoader.parseDuration("5 seconds")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFallBackToAGeneratedNodeIdWhenNoneIsGiven() {
        NodeConfig config = EnvConfigLoader.load(Map.of());

        assertThat(config.nodeId()).matches("[A-Za-z0-9._:-]{1,128}");
    }

    @Test
    void shouldMapProtocolSettingsOntoEngineOptions() {
        NodeConfig config = EnvConfigLoader.load(Map.of("MAX_PAYLOAD", "5000", "PING_INTERVAL", "1s",
                "PING_TIMEOUT", "2s", "TRANSPORTS", "polling"));

        var engine = config.toEngineOptions();

        assertThat(engine.path()).isEqualTo("/socket.io/");
        assertThat(engine.maxPayload()).isEqualTo(5000);
        assertThat(engine.pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(engine.pingTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(engine.transports()).containsExactly("polling");
        assertThat(engine.httpRequestTimeout()).isEqualTo(EngineOptions.DEFAULT_HTTP_REQUEST_TIMEOUT);
    }

    @Test
    void shouldRefuseANonPositiveHttpRequestTimeout() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("HTTP_REQUEST_TIMEOUT", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: HTTP_REQUEST_TIMEOUT must be a positive duration like 250ms, 5s,"
                        + " 2m or PT5S (got \"0s\")");
    }

    @Test
    void shouldDefaultTheWriteBufferAndNettyTuningToTheLibrarysDefaults() {
        NodeConfig config = EnvConfigLoader.load(Map.of());

        assertThat(config.protocol().maxBufferedBytes()).isEqualTo(EngineOptions.DEFAULT_MAX_BUFFERED_BYTES);
        assertThat(config.toEngineOptions().maxBufferedBytes()).isEqualTo(8_388_608L);
        assertThat(config.server().tuning()).isEqualTo(NettyTuning.defaults());
    }

    @Test
    void shouldReadTheWriteBufferAndNettyTuning() {
        NodeConfig config = EnvConfigLoader.load(Map.of("MAX_BUFFERED_BYTES", "16777216", "WORKER_THREADS", "4",
                "NATIVE_TRANSPORT", "False"));

        assertThat(config.toEngineOptions().maxBufferedBytes()).isEqualTo(16_777_216L);
        assertThat(config.server().tuning()).isEqualTo(NettyTuning.defaults().withWorkerThreads(4)
                .withNativeTransport(false));
    }

    @Test
    void shouldReadTheNettyTransportAndLetNativeTransportFalseWin() {
        assertThat(EnvConfigLoader.load(Map.of("NETTY_TRANSPORT", "io_uring")).server().tuning().transport())
                .isEqualTo(NettyTransport.IO_URING);
        assertThat(EnvConfigLoader.load(Map.of("NETTY_TRANSPORT", "EPOLL")).server().tuning().transport())
                .isEqualTo(NettyTransport.EPOLL);
        assertThat(EnvConfigLoader.load(Map.of("NETTY_TRANSPORT", "io_uring", "NATIVE_TRANSPORT", "false")).server()
                .tuning().transport()).isEqualTo(NettyTransport.NIO);
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("NETTY_TRANSPORT", "kqueue")))
                .hasMessage("Invalid configuration: NETTY_TRANSPORT must be auto, io_uring, epoll or nio (got \"kqueue\")");
    }

    @Test
    void shouldRaiseAnUnsetWriteBufferToALargerMaxPayload() {
        NodeConfig config = EnvConfigLoader.load(Map.of("MAX_PAYLOAD", "10000000"));

        assertThat(config.toEngineOptions().maxBufferedBytes()).isEqualTo(10_000_000L);
    }

    @Test
    void shouldRefuseAWriteBufferSmallerThanMaxPayloadAndBadTuningInOneMessage() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("MAX_PAYLOAD", "2048", "MAX_BUFFERED_BYTES", "1024",
                "WORKER_THREADS", "-1", "NATIVE_TRANSPORT", "epoll")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "MAX_BUFFERED_BYTES must be at least MAX_PAYLOAD (2048) (got \"1024\")",
                        "WORKER_THREADS must be a whole number between 0 and 2147483647 (got \"-1\")",
                        "NATIVE_TRANSPORT must be true or false (got \"epoll\")"));
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("MAX_BUFFERED_BYTES", "0")))
                .hasMessage("Invalid configuration: MAX_BUFFERED_BYTES must be a whole number of bytes between 1 and "
                        + Long.MAX_VALUE + " (got \"0\")");
    }

    @Test
    void shouldLeaveCorsOffWhenCorsOriginsIsUnset() {
        assertThat(EnvConfigLoader.load(Map.of("CORS_ORIGINS", " ")).toEngineOptions().cors()).isEmpty();
    }

    @Test
    void shouldReadCorsOriginsAsAnAllowListWithCredentials() {
        NodeConfig config = EnvConfigLoader.load(Map.of(
                "CORS_ORIGINS", "https://app.example, http://localhost:8080", "CORS_CREDENTIALS", "true"));

        CorsOptions cors = config.toEngineOptions().cors().orElseThrow();

        assertThat(cors.origin()).containsExactlyInAnyOrder("https://app.example", "http://localhost:8080");
        assertThat(cors.credentials()).isTrue();
        assertThat(cors.allowsOrigin("https://evil.example")).isFalse();
        assertThat(cors.methods()).isEqualTo(CorsOptions.DEFAULT_METHODS);
    }

    @Test
    void shouldReadAStarAsAnyOrigin() {
        CorsOptions cors = EnvConfigLoader.load(Map.of("CORS_ORIGINS", "*")).toEngineOptions().cors().orElseThrow();

        assertThat(cors.allowsAnyOrigin()).isTrue();
        assertThat(cors.credentials()).isFalse();
    }

    @Test
    void shouldRefuseBadCorsValues() {
        String expectation = "CORS_ORIGINS must be * or a comma-separated list of origins like https://app.example"
                + " or http://localhost:8080 (scheme://host[:port], no path)";
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("CORS_ORIGINS", "https://app.example/,",
                "CORS_CREDENTIALS", "maybe")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        expectation + " (got \"https://app.example/,\")",
                        "CORS_CREDENTIALS must be true or false (got \"maybe\")"));
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("CORS_ORIGINS", "*", "CORS_CREDENTIALS", "true")))
                .hasMessage("Invalid configuration: CORS_CREDENTIALS=true requires CORS_ORIGINS to list the origins"
                        + " (browsers refuse credentials with Access-Control-Allow-Origin: *)");
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("CORS_CREDENTIALS", "true")))
                .hasMessage("Invalid configuration: CORS_CREDENTIALS=true requires CORS_ORIGINS");
    }

    @Test
    void shouldKeepSecretsOutOfToString() {
        NodeConfig config = EnvConfigLoader.load(Map.of("JWT_SECRET", SECRET,
                "REDIS_URL", "redis://:pw-xyz@redis:6379"));

        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("pw-xyz").contains("redis://redis:6379");
    }
}

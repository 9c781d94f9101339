package io.roomcast.node;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The node as a user runs it: a real JVM process, started from its main class with environment variables. */
class NodeProcessTests {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldRefuseToStartAndListEveryConfigurationProblemInOneMessage() throws Exception {
        try (NodeProcess node = NodeProcess.start(Map.of(
                "PORT", "abc", "LOG_LEVEL", "LOUD", "AUTH_REQUIRED", "true"))) {
            assertThat(node.waitFor(START_TIMEOUT)).as("node should exit on bad configuration").isTrue();
            assertThat(node.exitValue()).isNotZero();
            String problemLine = node.output().lines()
                    .filter(line -> line.contains("Invalid configuration"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no configuration error in:\n" + node.output()));
            assertThat(problemLine).contains("PORT", "abc", "LOG_LEVEL", "LOUD", "JWT_SECRET");
        }
    }

    @Test
    void shouldExitWithTheConfigurationExitCodeWhenRecoveryMeetsTheClassicAdapter()
            throws Exception {
        try (NodeProcess node = NodeProcess.start(Map.of("REDIS_URL", "redis://127.0.0.1:1",
                "RECOVERY_MAX_DISCONNECTION", "2m"))) {
            assertThat(node.waitFor(START_TIMEOUT)).as("node should exit on bad configuration").isTrue();
            assertThat(node.exitValue()).as(node.output()).isEqualTo(2);
            assertThat(node.output()).contains("RECOVERY_MAX_DISCONNECTION needs ADAPTER=redis-streams");
        }
    }

    @Test
    void shouldExitWithOneClearLineWhenClusterModeMeetsAStandaloneRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             NodeProcess node = NodeProcess.start(Map.of("REDIS_MODE", "cluster", "REDIS_URL", redis.url()))) {
            assertThat(node.waitFor(START_TIMEOUT)).as("node should exit when Redis is not a cluster").isTrue();
            assertThat(node.exitValue()).as(node.output()).isEqualTo(1);
            String where = redis.url().substring("redis://".length());
            assertThat(node.output().lines().filter(line -> line.startsWith("Cannot start:")).toList())
                    .as(node.output()).containsExactly("Cannot start: REDIS_MODE=cluster, ADAPTER=redis: cannot "
                            + "connect to the Redis Cluster at " + where + ": " + where + " is a standalone Redis, "
                            + "not a Redis Cluster (cluster_enabled:0)");
        }
    }

    @Test
    void shouldRunTheShardedAdapterOnAStandaloneRedis7() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             NodeProcess node = NodeProcess.start(Map.of("REDIS_URL", redis.url(), "ADAPTER", "redis-sharded"))) {
            node.awaitReady(START_TIMEOUT);
            assertThat(node.output()).contains("adapter=redis-sharded").doesNotContain("needs Redis 7.0 or newer");
        }
    }

    @Test
    void shouldServeDemoPageClientLibraryAndHealth() throws Exception {
        try (NodeProcess node = NodeProcess.start(Map.of()).awaitReady(START_TIMEOUT)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = get(http, "http://127.0.0.1:" + node.port + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/html"));
            String clientPath = page.body().lines()
                    .filter(line -> line.contains("<script") && line.contains("socket.io"))
                    .map(line -> line.replaceAll(".*src=\"([^\"]+)\".*", "$1"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("demo page loads no socket.io client:\n" + page.body()));
            HttpResponse<String> client = get(http, "http://127.0.0.1:" + node.port + "/" + clientPath.replaceFirst("^/", ""));
            assertThat(client.statusCode()).isEqualTo(200);
            assertThat(client.body()).as("the official client build").contains("Socket.IO v4");

            HttpResponse<String> live = get(http, "http://127.0.0.1:" + node.managementPort + "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void shouldCloseClientsAndExitZeroOnSigterm() throws Exception {
        try (NodeProcess node = NodeProcess.start(Map.of("SHUTDOWN_GRACE", "5s")).awaitReady(START_TIMEOUT);
             RawSocketIoClient client = RawSocketIoClient.connect(node.port, null)) {
            node.terminate();

            assertThat(client.closed().get(10, TimeUnit.SECONDS))
                    .as("the client connection is closed so that it reconnects elsewhere").isNotNull();
            assertThat(node.waitFor(Duration.ofSeconds(15))).as("exits within the grace time").isTrue();
            assertThat(node.exitValue()).as("exit code after SIGTERM:\n" + node.output()).isZero();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

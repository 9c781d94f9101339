package io.roomcast.node.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;
import io.roomcast.node.RedisServerProcess;
import io.roomcast.node.ToolProcess;
import io.roomcast.node.config.EnvConfigLoader;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Socket.IO Admin UI as a user meets it: headless Chromium opens the page the Java node serves on its
 * management port, logs in, and sees a cluster of that node and a Node.js server instrumented by the real
 * {@code instrument()} of {@code @socket.io/admin-ui} 0.5.1 (joined through the real {@code @socket.io/redis-adapter}
 * on a real {@code redis-server}): both servers, a socket on each, and a disconnect from the UI ends each of them.
 * Login sessions of either kind of server open the other's admin namespace (Node's {@code RedisStore} keys).
 */
class AdminUiBrowserTests {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final String JAVA_SERVER_ID = "java-admin-a";
    private static final String USERNAME = "admin";
    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void shouldShowBothServersAndDisconnectASocketOnEachKindOfNode() throws IOException {
        Path node = ExternalTool.NODE.path();
        Path chromium = ExternalTool.CHROMIUM.path();
        Path suite = installedSuite();
        Path artifacts = ProjectFiles.artifacts();
        // a $2a$ hash made in Java, checked by bcryptjs on the Node.js server and by Spring's BCrypt on ours
        String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4));
        int managementPort = ToolProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start();
             NodeRuntime java = NodeServer.start(EnvConfigLoader.load(Map.ofEntries(
                     Map.entry("HOST", "127.0.0.1"),
                     Map.entry("PORT", String.valueOf(ToolProcess.freePort())),
                     Map.entry("MANAGEMENT_PORT", String.valueOf(managementPort)),
                     Map.entry("NODE_ID", JAVA_SERVER_ID),
                     Map.entry("REDIS_URL", redis.url()),
                     Map.entry("SHUTDOWN_GRACE", "1s"),
                     // the page's origin is the management port; its Socket.IO client polls with credentials
                     Map.entry("CORS_ORIGINS", "http://127.0.0.1:" + managementPort),
                     Map.entry("CORS_CREDENTIALS", "true"),
                     Map.entry("ADMIN_UI", "true"),
                     Map.entry("ADMIN_USERNAME", USERNAME),
                     Map.entry("ADMIN_PASSWORD_HASH", hash))), io -> { })) {
            ToolProcess.Result run = ToolProcess.run("admin-ui", List.of(node.toString(), "admin-ui-cluster.js"),
                    suite, Map.of(
                            "REDIS_URL", redis.url(),
                            "JAVA_URL", "http://127.0.0.1:" + java.port(),
                            "ADMIN_PAGE", "http://127.0.0.1:" + managementPort + "/admin/",
                            "JAVA_SERVER_ID", JAVA_SERVER_ID,
                            "ADMIN_USERNAME", USERNAME,
                            "ADMIN_PASSWORD", PASSWORD,
                            "ADMIN_PASSWORD_HASH", hash,
                            "SCREENSHOT_DIR", artifacts.toString(),
                            "CHROMIUM", chromium.toString()),
                    SCRIPT_TIMEOUT);
            assertThat(run.exitCode()).as("browser script output:\n%s", run.output()).isZero();

            JsonNode seen = lastJsonLine(run.output());
            assertThat(seen.path("servers").toString()).contains(JAVA_SERVER_ID, "node-js");
            assertThat(seen.path("disconnectReasons").path("java").asText()).isEqualTo("io server disconnect");
            assertThat(seen.path("disconnectReasons").path("node").asText()).isEqualTo("io server disconnect");
            // and a UI on the Node.js server would see the Java node alike
            assertThat(seen.path("javaSocketSeenByNode").path("clientId").asText()).hasSize(12);
            assertThat(seen.path("javaSocketSeenByNode").path("transport").asText()).isEqualTo("websocket");
            assertThat(seen.path("javaStatsSeenByNode").toString()).contains("serverId", "hostname", "pid", "uptime",
                    "clientsCount", "pollingClientsCount", "aggregatedEvents", "namespaces");
            assertThat(seen.path("sessionAcceptedByNode").asBoolean()).isTrue();
            assertThat(seen.path("sessionAcceptedByJava").asBoolean()).isTrue();
            assertThat(seen.path("unknownSessionRefused").asBoolean()).isTrue();
            assertThat(artifacts.resolve("admin-ui-sockets.png")).exists();
        }
    }

    /** The suite with its lock file's packages (playwright-core downloads no browser). */
    private static Path installedSuite() {
        Path suite = ProjectFiles.adminUiSuite();
        if (!Files.isRegularFile(suite.resolve("node_modules/@socket.io/admin-ui/package.json"))) {
            ToolProcess.Result install = ToolProcess.run("npm-ci", List.of(ExternalTool.NPM.path().toString(), "ci",
                            "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"),
                    suite, Map.of(), Duration.ofMinutes(5));
            assertThat(install.exitCode()).as("npm ci in %s:\n%s", suite, install.output()).isZero();
        }
        return suite;
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        String line = output.lines().filter(candidate -> candidate.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result line from the browser script:\n" + output));
        return new ObjectMapper().readTree(line);
    }
}

package io.roomcast.node.observability;

import io.roomcast.node.ToolProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page as people use it: headless Chromium opens it through HAProxy in two browser contexts that land on
 * different nodes, both join one room, a message sent in one appears in the other. Screenshots are kept in
 * {@code target/test-artifacts/}.
 */
class DemoPageBrowserTests {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void shouldShowAMessageSentOnOneNodeInABrowserOnTheOtherNode() throws IOException {
        Path node = ExternalTool.NODE.path();
        Path chromium = ExternalTool.CHROMIUM.path();
        Path suite = installedBrowserSuite();
        Path artifacts = ProjectFiles.artifacts();
        Files.deleteIfExists(artifacts.resolve("demo-page-receiver.png"));

        try (TwoNodeCluster cluster = TwoNodeCluster.start();
             HaproxyServer haproxy = HaproxyServer.start(cluster.nodes())) {
            ToolProcess.Result run = ToolProcess.run("browser", List.of(node.toString(), "demo-page-two-nodes.js"),
                    suite, Map.of(
                            "ROOMCAST_URL", haproxy.url(),
                            "SERVERS", TwoNodeCluster.NODE_A + "," + TwoNodeCluster.NODE_B,
                            "SERVER_COOKIE", HaproxyServer.COOKIE,
                            "SERVED_BY_HEADER", HaproxyServer.SERVED_BY,
                            "SCREENSHOT_DIR", artifacts.toString(),
                            "CHROMIUM", chromium.toString()),
                    SCRIPT_TIMEOUT);
            assertThat(run.exitCode()).as("browser script output:\n%s\nHAProxy:\n%s", run.output(), haproxy.output())
                    .isZero();

            JsonNode seen = lastJsonLine(run.output());
            assertThat(seen.path("seenText").asText()).contains(seen.path("text").asText(), "Ada");
            JsonNode sender = seen.path("users").path(0);
            JsonNode receiver = seen.path("users").path(1);
            assertThat(servedBy(sender)).as("nodes that served the sender's Socket.IO requests")
                    .containsExactly(sender.path("cookie").asText());
            assertThat(servedBy(receiver)).as("nodes that served the receiver's Socket.IO requests")
                    .containsExactly(receiver.path("cookie").asText());
            assertThat(Set.of(sender.path("cookie").asText(), receiver.path("cookie").asText()))
                    .as("the two browsers are on different nodes")
                    .containsExactlyInAnyOrder(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B);
            for (JsonNode screenshot : seen.path("screenshots")) {
                byte[] png = Files.readAllBytes(Path.of(screenshot.asText()));
                assertThat(png).as(screenshot.asText()).startsWith(PNG_SIGNATURE);
            }
        }
    }

    /** The browser suite with playwright-core installed from its lock file (it downloads no browser). */
    private static Path installedBrowserSuite() {
        Path suite = ProjectFiles.browserSuite();
        if (!Files.isRegularFile(suite.resolve("node_modules/playwright-core/package.json"))) {
            ToolProcess.Result install = ToolProcess.run("npm-ci", List.of(ExternalTool.NPM.path().toString(), "ci",
                            "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"),
                    suite, Map.of(), Duration.ofMinutes(5));
            assertThat(install.exitCode()).as("npm ci in %s:\n%s", suite, install.output()).isZero();
        }
        return suite;
    }

    private static List<String> servedBy(JsonNode user) {
        return StreamSupport.stream(user.path("servedBy").spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        String line = output.lines().filter(candidate -> candidate.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result line from the browser script:\n" + output));
        return new ObjectMapper().readTree(line);
    }
}

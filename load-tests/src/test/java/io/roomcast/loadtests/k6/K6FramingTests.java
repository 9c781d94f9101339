package io.roomcast.loadtests.k6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;
import io.roomcast.node.config.EnvConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the k6 scripts without k6: runs each Node test file in {@code load-tests/k6/test} (the framing module over
 * a real WebSocket, and the scenario scripts through stand-ins for k6's modules) against a Roomcast node started in
 * this JVM with short heartbeats, so the ping/pong tests see several pings.
 */
class K6FramingTests {

    private static final Path K6_DIR = Path.of("k6").toAbsolutePath();
    private static final long NODE_TEST_TIMEOUT_SECONDS = 180;

    private static NodeRuntime node;

    @BeforeAll
    static void startNodeAndInstallTestDependencies() {
        requireNode();
        run(List.of("npm", "ci", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"), Map.of());
        node = NodeServer.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(freePort()),
                "MANAGEMENT_PORT", String.valueOf(freePort()),
                "NODE_ID", "k6-framing-tests",
                "PING_INTERVAL", "300ms",
                "PING_TIMEOUT", "300ms")), io -> { });
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    static Stream<String> nodeTestFiles() throws IOException {
        List<String> files;
        try (Stream<Path> listing = Files.list(K6_DIR.resolve("test"))) {
            files = listing.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".test.mjs"))
                    .sorted()
                    .toList();
        }
        assertThat(files).as("Node test files in %s", K6_DIR.resolve("test"))
                .contains("framing.test.mjs", "live-node.test.mjs", "scenarios.test.mjs");
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeTestFiles")
    void shouldPassTheNodeTestsAgainstALiveNode(String testFile) {
        String output = run(List.of("node", "--test", "--test-reporter=tap", "test/" + testFile),
                Map.of("ROOMCAST_URL", "http://127.0.0.1:" + node.port()));
        assertThat(output).as("node --test output").contains("# fail 0").doesNotContain("# pass 0");
    }

    /** Runs a command in load-tests/k6 and returns its output; fails with that output unless it exits 0. */
    private static String run(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(K6_DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output unreadable: ").append(e).append(')');
                }
            }, "k6-node-output");
            reader.start();
            if (!process.waitFor(NODE_TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                reader.join(5_000);
                fail("%s did not finish within %d s; output:%n%s", command, NODE_TEST_TIMEOUT_SECONDS, output);
            }
            reader.join(5_000);
            if (process.exitValue() != 0) {
                fail("%s exited %d; output:%n%s", command, process.exitValue(), output);
            }
            return output.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + " in " + K6_DIR, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Fails (never skips) when Node.js is missing or older than the module hooks the tests need. */
    private static void requireNode() {
        String version;
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("node is not on the PATH: install Node.js 18.19+ (20 LTS or newer recommended) with npm", e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Integer> parts = new ArrayList<>();
        for (String part : version.replaceFirst("^v", "").split("\\.")) {
            parts.add(part.matches("\\d+") ? Integer.parseInt(part) : 0);
        }
        boolean recentEnough = parts.size() >= 2
                && (parts.get(0) > 18 || (parts.get(0) == 18 && parts.get(1) >= 19));
        assertThat(recentEnough).as("node --version is %s: install Node.js 18.19+ (20 LTS or newer recommended)",
                version).isTrue();
        assertThat(Files.isRegularFile(K6_DIR.resolve("package-lock.json")))
                .as("%s/package-lock.json (the tests run from the load-tests module directory)", K6_DIR).isTrue();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

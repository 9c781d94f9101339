package io.roomcast.node.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 2's proof that the Java node cannot be told apart from a Node.js Socket.IO 4.8 server: runs the differential
 * suite in {@code src/test/node} (one dynamic test per {@code *.test.js} file) against Node's reference server and
 * Roomcast, both started here: three of each (default options, with the JWT secret, with short heartbeats).
 */
class NodeConformanceTests {

    /** Matches lib/tokens.js; the Java node needs at least 32 bytes. */
    static final String JWT_SECRET = "conformance-secret-of-at-least-32-bytes";
    private static final Duration PER_FILE_TIMEOUT = Duration.ofSeconds(120);

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static NodeJs node;
    private static Map<String, String> suiteEnv;

    @BeforeAll
    static void startServers() {
        // Surefire may kill the JVM on a fork timeout: the child servers must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(NodeConformanceTests::stopServers, "conformance-cleanup"));
        node = NodeJs.verified();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONFORMANCE_JWT_SECRET", JWT_SECRET);
        env.put("REFERENCE_URL", reference("default", List.of()));
        env.put("REFERENCE_JWT_URL", reference("jwt", List.of("--jwt-secret", JWT_SECRET)));
        env.put("REFERENCE_SHORT_PING_URL", reference("short-ping", List.of("--ping-interval", "300", "--ping-timeout", "200")));
        env.put("ROOMCAST_URL", roomcast(Map.of()));
        env.put("ROOMCAST_JWT_URL", roomcast(Map.of("JWT_SECRET", JWT_SECRET)));
        env.put("ROOMCAST_SHORT_PING_URL", roomcast(Map.of("PING_INTERVAL", "300ms", "PING_TIMEOUT", "200ms")));
        env.put("REFERENCE_RECOVERY_URL", reference("recovery", List.of("--recovery-ms", "60000")));
        env.put("ROOMCAST_RECOVERY_URL", roomcast(Map.of("RECOVERY_MAX_DISCONNECTION", "60s")));
        suiteEnv = Map.copyOf(env);
    }

    @AfterAll
    static synchronized void stopServers() {
        for (int i = RUNNING.size() - 1; i >= 0; i--) {
            try {
                RUNNING.get(i).close();
            } catch (Exception e) {
                // keep closing the others; the test outcome is already decided
            }
        }
        RUNNING.clear();
    }

    @TestFactory
    Stream<DynamicTest> nodeSuiteFilesPassAgainstReferenceAndRoomcast() {
        List<Path> files = testFiles(node.suiteDir.resolve("test"));
        assertTrue(!files.isEmpty(), "no *.test.js files in " + node.suiteDir.resolve("test"));
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> runFile(file)));
    }

    private static void runFile(Path file) {
        String relative = node.suiteDir.relativize(file).toString();
        NodeJs.Result result = node.run(file.getFileName().toString(), List.of("--test", "--test-reporter=spec", relative), suiteEnv, PER_FILE_TIMEOUT);
        if (!result.finished()) {
            fail("node --test " + relative + " did not finish within " + PER_FILE_TIMEOUT.toSeconds() + " s:\n" + result.output());
        }
        if (result.exitCode() != 0) {
            fail("node --test " + relative + " exited with " + result.exitCode() + " (servers: " + suiteEnv + "):\n" + result.output());
        }
    }

    /** Both servers' node name: welcome and presence members carry it (lib/targets.js's NODE_ID). */
    static final String NODE_ID = "conformance";

    private static synchronized String reference(String name, List<String> options) {
        List<String> withNodeId = new ArrayList<>(options);
        withNodeId.addAll(List.of("--node-id", NODE_ID));
        ReferenceServer server = ReferenceServer.start(node, name, withNodeId);
        RUNNING.add(server);
        return server.url();
    }

    private static synchronized String roomcast(Map<String, String> env) {
        Map<String, String> withNodeId = new LinkedHashMap<>(env);
        withNodeId.put("NODE_ID", NODE_ID);
        ConformanceFixture fixture = ConformanceFixture.start(withNodeId);
        RUNNING.add(fixture);
        return fixture.url();
    }

    private static List<Path> testFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".test.js")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}

package io.roomcast.cluster.interop;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 3's interop proof: two Roomcast nodes ({@link JavaPeer}, child JVMs) and two Node.js socket.io 4.8 servers
 * with {@code @socket.io/redis-adapter} 8.3 ({@code node-peer.js}) on one Redis form one cluster. Runs the suite in
 * {@code src/test/interop} (one dynamic test per {@code test/*.test.js} file), which starts every operation from a
 * Java node and from a Node server and checks what every client on every server receives.
 *
 * <p>Redis: {@code redis-server} on a free port of 127.0.0.1, or the Redis of env {@code REDIS_URL} when set (each
 * run uses its own adapter key, so a shared Redis is fine).
 */
class ClusterInteropTests {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration PER_FILE_TIMEOUT = Duration.ofSeconds(120);
    private static final String PEER_MAIN = JavaPeer.class.getName();

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static InteropToolchain toolchain;
    private static Map<String, String> suiteEnv;

    @BeforeAll
    static void startCluster() {
        // Surefire may kill the JVM on a fork timeout: the child processes must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(ClusterInteropTests::stopCluster, "interop-cleanup"));
        toolchain = InteropToolchain.verified();
        String redisUrl = System.getenv("REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            redisUrl = startRedis();
        }
        String key = "interop-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> peerArgs = List.of("--port", "0", "--redis-url", redisUrl, "--key", key, "--requests-timeout", "3000");
        List<String> urls = new ArrayList<>();
        for (String name : List.of("java0", "java1")) {
            urls.add(javaPeer(name, peerArgs));
        }
        for (String name : List.of("node0", "node1")) {
            urls.add(nodePeer(name, peerArgs));
        }
        awaitServerCount(redisUrl, key + "-request#/#", urls.size());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INTEROP_SERVERS", String.join(",", urls));
        env.put("REDIS_URL", redisUrl);
        env.put("ADAPTER_KEY", key);
        env.put("ADAPTER", "classic"); // recovery.test.js reports SKIP here: StreamsRecoveryInteropTests runs it
        suiteEnv = Map.copyOf(env);
    }

    @AfterAll
    static synchronized void stopCluster() {
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
    Stream<DynamicTest> interopSuiteFilesPassOnAMixedCluster() {
        List<Path> files = testFiles(toolchain.suiteDir.resolve("test"));
        assertTrue(!files.isEmpty(), "no *.test.js files in " + toolchain.suiteDir.resolve("test"));
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> runFile(file)));
    }

    private static void runFile(Path file) {
        String relative = toolchain.suiteDir.relativize(file).toString();
        try (ChildProcess run = ChildProcess.start("suite-" + file.getFileName(),
                List.of("node", "--test", "--test-reporter=spec", relative), toolchain.suiteDir, suiteEnv)) {
            boolean finished = run.process().waitFor(PER_FILE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                fail("node --test " + relative + " did not finish within " + PER_FILE_TIMEOUT.toSeconds() + " s:\n"
                        + run.output() + peerLogs());
            }
            if (run.process().exitValue() != 0) {
                fail("node --test " + relative + " exited with " + run.process().exitValue() + " (" + suiteEnv + "):\n"
                        + run.output() + peerLogs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running " + relative);
        }
    }

    private static synchronized String startRedis() {
        InteropToolchain.requireRedisServer();
        int port = freePort();
        ChildProcess redis = ChildProcess.start("redis", List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), toolchain.suiteDir, Map.of());
        RUNNING.add(redis);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!redis.output().contains("Ready to accept connections")) {
            if (!redis.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("redis-server did not start on port " + port + ":\n" + redis.output());
            }
            sleep(50);
        }
        return "redis://127.0.0.1:" + port;
    }

    private static synchronized String javaPeer(String name, List<String> peerArgs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, PEER_MAIN));
        command.addAll(peerArgs);
        command.addAll(List.of("--name", name));
        return started(ChildProcess.start(name, command, toolchain.suiteDir, Map.of()));
    }

    private static synchronized String nodePeer(String name, List<String> peerArgs) {
        List<String> command = new ArrayList<>(List.of("node", "node-peer.js"));
        command.addAll(peerArgs);
        command.addAll(List.of("--name", name));
        return started(ChildProcess.start(name, command, toolchain.suiteDir, Map.of()));
    }

    private static String started(ChildProcess peer) {
        RUNNING.add(peer);
        return "http://127.0.0.1:" + peer.awaitListening(STARTUP);
    }

    /** Every server counts the others only once all have SUBSCRIBEd the request channel (PUBSUB NUMSUB). */
    private static void awaitServerCount(String redisUrl, String requestChannel, int servers) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            long count = 0;
            while (System.nanoTime() < deadline) {
                count = connection.sync().pubsubNumsub(requestChannel).getOrDefault(requestChannel, 0L);
                if (count == servers) {
                    return;
                }
                sleep(50);
            }
            throw new AssertionError("PUBSUB NUMSUB " + requestChannel + " = " + count + ", expected " + servers
                    + " within " + STARTUP.toSeconds() + " s" + peerLogs());
        } finally {
            client.shutdown();
        }
    }

    private static synchronized String peerLogs() {
        StringBuilder logs = new StringBuilder();
        for (AutoCloseable running : RUNNING) {
            if (running instanceof ChildProcess child && !child.name().equals("redis")) {
                logs.append("\n--- ").append(child.name()).append(" ---\n").append(child.output());
            }
        }
        return logs.toString();
    }

    private static List<Path> testFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".test.js")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

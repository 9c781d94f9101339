package io.roomcast.cluster.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3's interop proof: two Roomcast nodes ({@link JavaPeer}, child JVMs) and two Node.js socket.io 4.8 servers
 * with {@code @socket.io/redis-adapter} 8.3 ({@code node-peer.js}) on one Redis form one cluster. Runs the suite in
 * {@code src/test/interop} (one dynamic test per {@code test/*.test.js} file), which starts every operation from a
 * Java node and from a Node server and checks what every client on every server receives. ADAPTER=classic:
 * {@code recovery.test.js} is left out here ({@link StreamsRecoveryInteropTests} runs it on a streams cluster).
 *
 * <p>Redis: {@code redis-server} on a free port of 127.0.0.1, or the Redis of env {@code REDIS_URL} when set (each
 * run uses its own adapter key, so a shared Redis is fine).
 */
class ClusterInteropTests {

    private static InteropCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new InteropCluster();
        String redisUrl = System.getenv("REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            redisUrl = cluster.startRedis();
        }
        String key = "interop-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.start(redisUrl, key, "classic", List.of("--requests-timeout", "3000"), key + "-request#/#");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> interopSuiteFilesPassOnAMixedCluster() {
        List<Path> files = cluster.testFiles();
        assertTrue(!files.isEmpty(), "no *.test.js files in " + cluster.toolchain.suiteDir.resolve("test"));
        // recovery needs the streams adapter: StreamsRecoveryInteropTests runs that file
        return files.stream().filter(file -> !file.getFileName().toString().equals("recovery.test.js"))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> cluster.runFile(file)));
    }
}

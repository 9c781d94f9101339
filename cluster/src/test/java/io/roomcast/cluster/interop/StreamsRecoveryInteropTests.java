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
 * The interop proof on a <b>streams</b> cluster with connection state recovery: two Roomcast nodes ({@link JavaPeer}
 * {@code --adapter streams}, {@code RedisStreamsAdapterFactory}) and two Node.js socket.io 4.8 servers with
 * {@code @socket.io/redis-streams-adapter} 0.3.1 ({@code node-peer.js --adapter streams}), all with
 * {@code --recovery-ms}, on one Redis. Runs every suite file with ADAPTER=streams: {@code recovery.test.js} (recovery
 * Java→Node, Node→Java, Node→Node, Java→Java, and the cases that must not recover) and the streams-compatible rest
 * ({@code emitter.test.js} is left out: the classic emitter cannot reach a streams cluster).
 *
 * <p>Redis: {@code redis-server} on a free port of 127.0.0.1, or the Redis of env {@code REDIS_URL} when set. Each run
 * uses its own key (stream name and channel prefix), so a shared Redis is fine; session keys ({@code sio:session:<pid>})
 * are per client.
 */
class StreamsRecoveryInteropTests {

    /** The window of connection state recovery; the suite checks that saved sessions expire within it. */
    static final String RECOVERY_MS = "60000";

    private static InteropCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new InteropCluster();
        String redisUrl = System.getenv("REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            redisUrl = cluster.startRedis();
        }
        String key = "interop-streams-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.start(redisUrl, key, "streams", List.of("--adapter", "streams", "--recovery-ms", RECOVERY_MS,
                "--requests-timeout", "3000"), key + "#/#"); // 0.3.x counts servers with NUMSUB of P#NSP#
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> interopSuiteFilesPassOnAMixedStreamsClusterWithRecovery() {
        List<Path> files = cluster.testFiles();
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals("recovery.test.js")),
                "no recovery.test.js in " + cluster.toolchain.suiteDir.resolve("test"));
        // the classic @socket.io/redis-emitter cannot reach a streams cluster: that file is not run here at all
        return files.stream().filter(file -> !file.getFileName().toString().equals("emitter.test.js"))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> cluster.runFile(file)));
    }
}

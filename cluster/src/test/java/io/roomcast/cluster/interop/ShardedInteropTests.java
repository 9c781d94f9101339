package io.roomcast.cluster.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interop suite ({@code src/test/interop}) on a sharded cluster: two Roomcast nodes ({@link JavaPeer}) and two
 * Node.js socket.io 4.8 servers with {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.3
 * ({@code node-peer.js --adapter sharded}) on one Redis 7, once per subscription mode tried: dynamic (Node's
 * default: one-room broadcasts on room channels, subscribed per local room) and static (everything on the namespace
 * channel). ADAPTER=sharded. Left out: {@code emitter.test.js} (the redis-emitter PUBLISHes classic channels, which
 * a sharded cluster never hears, in Node too) and {@code recovery.test.js} (no recovery on the sharded adapter).
 */
class ShardedInteropTests {

    private static final Set<String> NOT_FOR_SHARDED = Set.of("emitter.test.js", "recovery.test.js");

    private InteropCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> interopSuiteFilesPassOnAMixedShardedClusterInDynamicMode() {
        return suite("dynamic");
    }

    @TestFactory
    Stream<DynamicTest> interopSuiteFilesPassOnAMixedShardedClusterInStaticMode() {
        return suite("static");
    }

    private Stream<DynamicTest> suite(String mode) {
        cluster = new InteropCluster();
        String redisUrl = cluster.startRedis(); // Redis 7+: sharded pub/sub
        String key = "sharded-" + mode + "-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.start(redisUrl, key, "sharded", List.of("--adapter", "sharded", "--subscription-mode", mode,
                "--requests-timeout", "3000"), List.of(), key + "#/#", true);
        List<Path> files = cluster.testFiles().stream()
                .filter(file -> !NOT_FOR_SHARDED.contains(file.getFileName().toString())).toList();
        assertTrue(files.size() >= 5, "interop suite files missing in " + cluster.toolchain.suiteDir);
        return files.stream().map(file -> DynamicTest.dynamicTest(mode + ": " + file.getFileName(),
                () -> cluster.runFile(file)));
    }
}

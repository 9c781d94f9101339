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
 * {@link ClusterInteropTests} with the Java nodes in the classic adapter's opt-in
 * {@code --subscription-mode dynamic-private} (one channel per local room and socket id, no pattern) and the Node.js
 * servers in their default mode ({@code PSUBSCRIBE key#nsp#*}): every suite file must pass as on the static cluster,
 * so no broadcast Node publishes (to one room, to a socket id, to several rooms, to all; from the redis-emitter
 * too) misses a Java node's local sockets, and the Node servers still count and answer the Java ones.
 */
class ClassicDynamicInteropTests {

    private static InteropCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new InteropCluster();
        String redisUrl = System.getenv("REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            redisUrl = cluster.startRedis();
        }
        String key = "interop-dyn-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.start(redisUrl, key, "classic", List.of("--requests-timeout", "3000"),
                List.of("--subscription-mode", "dynamic-private"), key + "-request#/#");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> interopSuiteFilesPassWithJavaNodesInDynamicPrivateMode() {
        List<Path> files = cluster.testFiles();
        assertTrue(!files.isEmpty(), "no *.test.js files in " + cluster.toolchain.suiteDir.resolve("test"));
        // recovery needs the streams adapter: StreamsRecoveryInteropTests runs that file
        return files.stream().filter(file -> !file.getFileName().toString().equals("recovery.test.js"))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> cluster.runFile(file)));
    }
}

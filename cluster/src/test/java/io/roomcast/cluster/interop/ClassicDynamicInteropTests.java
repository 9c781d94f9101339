package io.roomcast.cluster.interop;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    private static String redisUrl;
    private static String key;

    @BeforeAll
    static void startCluster() {
        cluster = new InteropCluster();
        redisUrl = System.getenv("REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            redisUrl = cluster.startRedis();
        }
        key = "interop-dyn-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.start(redisUrl, key, "classic", List.of("--requests-timeout", "3000"),
                List.of("--subscription-mode", "dynamic-private"), key + "-request#/#", false);
    }

    /**
     * The mode is on: only a dynamic-private node SUBSCRIBEs {@code key#/#} itself (the Node servers and a static
     * Java node receive it through the pattern {@code key#/#*}); all four still count on the request channel.
     */
    private static void assertTheJavaNodesSubscribeTheNamespaceChannel() {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String broadcast = key + "#/#";
            String request = key + "-request#/#";
            assertEquals(2L, connection.sync().pubsubNumsub(broadcast).get(broadcast), "NUMSUB " + broadcast);
            assertEquals(4L, connection.sync().pubsubNumsub(request).get(request), "NUMSUB " + request);
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> interopSuiteFilesPassWithJavaNodesInDynamicPrivateMode() {
        assertTheJavaNodesSubscribeTheNamespaceChannel();
        List<Path> files = cluster.testFiles();
        assertTrue(!files.isEmpty(), "no *.test.js files in " + cluster.toolchain.suiteDir.resolve("test"));
        // recovery needs the streams adapter: StreamsRecoveryInteropTests runs that file
        return files.stream().filter(file -> !file.getFileName().toString().equals("recovery.test.js"))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> cluster.runFile(file)));
    }
}

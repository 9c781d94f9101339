package io.roomcast.cluster.interop;

import io.roomcast.cluster.testing.RedisClusterFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sharded adapter on a real Redis Cluster (3 masters + 3 replicas, {@link RedisClusterFixture}): two Roomcast
 * nodes ({@link JavaPeer} {@code --redis-cluster}, {@code LettuceClusterTransport}) and two Node.js servers
 * ({@code node-peer.js --redis-cluster}, node-redis {@code createCluster}) in dynamic mode. Runs the interop suite
 * files (rooms spread over the four servers: every broadcast exactly once to each member, never to others; serverCount
 * 4) and {@code test-redis-cluster/room-channels.test.js}: each room's shard channel sits on its slot's master and is
 * SSUBSCRIBEd by exactly the servers that host a member ({@code PUBSUB SHARDNUMSUB} per master), so a server without
 * a member receives none of that room's broadcasts. Left out as in {@link ShardedInteropTests}: emitter and recovery.
 */
class ShardedRedisClusterInteropTests {

    private static final Set<String> NOT_FOR_SHARDED = Set.of("emitter.test.js", "recovery.test.js");

    @RegisterExtension
    static final RedisClusterFixture redisCluster = RedisClusterFixture.create();

    private InteropCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> interopSuiteAndRoomChannelsPassOnARedisCluster() {
        cluster = new InteropCluster();
        String key = redisCluster.keyPrefix();
        cluster.startOnRedisCluster(redisCluster.seeds(), key, List.of("--adapter", "sharded",
                "--subscription-mode", "dynamic", "--requests-timeout", "3000"), key + "#/#");
        List<Path> files = new ArrayList<>(cluster.testFiles().stream()
                .filter(file -> !NOT_FOR_SHARDED.contains(file.getFileName().toString())).toList());
        Path roomChannels = cluster.toolchain.suiteDir.resolve("test-redis-cluster").resolve("room-channels.test.js");
        assertTrue(roomChannels.toFile().isFile(), "missing " + roomChannels);
        files.add(0, roomChannels);
        return files.stream().map(file -> DynamicTest.dynamicTest("redis cluster: " + file.getFileName(),
                () -> cluster.runFile(file)));
    }
}

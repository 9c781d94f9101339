package io.roomcast.node;

import io.roomcast.cluster.testing.RedisClusterFixture;
import io.roomcast.node.CrossNodeChat.Publisher;
import io.roomcast.node.CrossNodeChat.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.roomcast.node.CrossNodeChat.missing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failover of {@link ShardedClusterFailoverIntegrationTests}, side by side, on two Node.js servers with
 * {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.3 on node-redis {@code createCluster}
 * ({@code cluster/src/test/interop/node-peer.js}, the interop suite's Node peer), on a real Redis Cluster of three
 * masters and three replicas: one busy room with members on both servers, the master owning the room channel's slot
 * SIGKILLed mid-stream. What Node's servers do after it is printed, not asserted (it is another product's behaviour,
 * and the figure for the comparison in BENCHMARKS.md); the observation is bounded ({@link #OBSERVE}). Asserted: only
 * that the measurement ran (messages crossed between the Node servers before the kill).
 */
class NodeShardedFailoverMeasurementTests {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long after the kill Node's servers are watched for a resume. */
    private static final Duration OBSERVE = Duration.ofSeconds(20);
    private static final long SEND_INTERVAL_MILLIS = 20;
    private static final String ROOM = "busy";

    @RegisterExtension
    static final RedisClusterFixture redis = RedisClusterFixture.create();

    @Test
    void printsWhatNodesShardedAdapterDoesWhenTheMasterOfABusyRoomsSlotIsKilled() throws Exception {
        try (NodePeer nodeA = NodePeer.start("node-a", redis.seedList(), redis.keyPrefix());
             NodePeer nodeB = NodePeer.start("node-b", redis.seedList(), redis.keyPrefix());
             RawSocketIoClient publisher = RawSocketIoClient.connect(nodeA.port, "{\"user\":\"pub\"}");
             RawSocketIoClient local = RawSocketIoClient.connect(nodeA.port, "{\"user\":\"local\"}");
             RawSocketIoClient remote = RawSocketIoClient.connect(nodeB.port, "{\"user\":\"remote\"}")) {
            for (RawSocketIoClient member : List.of(publisher, local, remote)) {
                assertThat(member.emitWithAck("join", "\"" + ROOM + "\"")).contains("\"ok\":true");
            }
            Receiver localReceiver = Receiver.start(local, "local");
            Receiver remoteReceiver = Receiver.start(remote, "remote");
            Publisher load = Publisher.start(publisher, ROOM, SEND_INTERVAL_MILLIS);
            try {
                Await.until("50 messages crossed from node a to node b before the failover", START_TIMEOUT,
                        () -> remoteReceiver.seen.size() >= 50);
                int victim = redis.masterOf(redis.keyPrefix() + "#/#" + ROOM + "#");
                redis.kill(victim);
                long killedAt = System.nanoTime();
                long lastSentBeforeKill = load.sent.get();

                boolean resumed = awaitQuietly(OBSERVE,
                        () -> remoteReceiver.seen.stream().anyMatch(seq -> seq > lastSentBeforeKill));
                long resumeMillis = resumed ? TimeUnit.NANOSECONDS.toMillis(remoteReceiver.receivedAt.get(
                        remoteReceiver.seen.tailSet(lastSentBeforeKill + 1).first()) - killedAt) : -1;
                if (resumed) { // as in the Roomcast test: keep the load on a little past the resume
                    long sentAtResume = load.sent.get();
                    awaitQuietly(Duration.ofSeconds(10), () -> remoteReceiver.seen.stream()
                            .filter(seq -> seq > sentAtResume).count() >= 20);
                }
                load.stop();
                SortedSet<Long> ackedAfterKill = load.acked.tailSet(lastSentBeforeKill + 1);
                long localAfterKill = localReceiver.seen.tailSet(lastSentBeforeKill + 1).size();
                long remoteAfterKill = remoteReceiver.seen.tailSet(lastSentBeforeKill + 1).size();
                System.out.printf("Node.js createShardedAdapter 8.3 (node-redis createCluster), Redis Cluster "
                                + "failover under load (master %d of room %s killed): %s; sent %d, acked %d (%d after "
                                + "the kill), ack errors %d; after the kill the same-node member got %d, the other "
                                + "node's member %d; lost across nodes %d, lost locally %d; both servers alive: %b%n",
                        victim, ROOM, resumed ? "resumed after " + resumeMillis + " ms"
                                : "not resumed within " + OBSERVE.toSeconds() + " s",
                        load.sent.get(), load.acked.size(), ackedAfterKill.size(), load.errors.size(),
                        localAfterKill, remoteAfterKill, missing(load.acked, remoteReceiver.seen).size(),
                        missing(load.acked, localReceiver.seen).size(), nodeA.isAlive() && nodeB.isAlive());
            } finally {
                load.stop();
                localReceiver.stop();
                remoteReceiver.stop();
            }
        }
    }

    /** Waits for the condition without failing: for a figure, not an assertion. */
    private static boolean awaitQuietly(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        try {
            Await.until("", timeout, condition);
            return true;
        } catch (AssertionError notWithinTimeout) {
            return false;
        }
    }

    /** {@code node node-peer.js --adapter sharded --redis-cluster ...}, ready once it prints its port. */
    private static final class NodePeer implements AutoCloseable {
        private static final Path SCRIPT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("../cluster/src/test/interop/node-peer.js").normalize();

        final int port;
        private final Process process;

        private NodePeer(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static NodePeer start(String name, String seeds, String key) throws Exception {
            if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules").resolve("@socket.io/redis-adapter"))) {
                throw new AssertionError("run npm ci in cluster/src/test/interop (the cluster module's build does): "
                        + "missing @socket.io/redis-adapter beside " + SCRIPT);
            }
            Process process = new ProcessBuilder("node", SCRIPT.toString(), "--port", "0", "--name", name,
                    "--adapter", "sharded", "--subscription-mode", "dynamic", "--redis-cluster", seeds, "--key", key)
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("listening ")) {
                            drain(out);
                            return Integer.parseInt(line.substring("listening ".length()).trim());
                        }
                        seen.append(line).append('\n');
                    }
                } catch (IOException e) {
                    seen.append(e);
                }
                throw new AssertionError("node-peer " + name + " exited before listening:\n" + seen);
            });
            try {
                return new NodePeer(process, listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw e;
            }
        }

        /** Keeps reading its output (redis errors after the kill) so the process never blocks on a full pipe. */
        private static void drain(BufferedReader out) {
            Thread drainer = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discarded: the figures are what the clients saw
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            }, "node-peer-output");
            drainer.setDaemon(true);
            drainer.start();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

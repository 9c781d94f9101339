package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.roomcast.node.CrossNodeChat;
import io.roomcast.node.NodeProcess;
import io.roomcast.node.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis faults under load, with real parts: a {@code redis-server} process, 3 node processes (classic adapter) behind
 * the real HAProxy, and {@code recovery-load.js} (145 receivers in 10 rooms, 5 publishers at 200 msg/s in total,
 * every message numbered so that each receiver counts what it lost, got twice or out of order). Each test injects
 * one fault, prints the load's figures block and the nodes' counters, and asserts what a user must see: no node
 * crashes or stops serving its own clients, every client is connected at the end, nothing is duplicated, and what is
 * lost was lost only while Redis was away and counted by the nodes. The figures go into RELIABILITY.md.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisFaultsE2ETests {

    private static final int NODES = 3;
    private static final RecoveryLoad.Shape LOAD = new RecoveryLoad.Shape(145, 5, 10, 200);
    private static final Duration MAX_RUN = Duration.ofSeconds(100);
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration FREEZE = Duration.ofSeconds(4);
    private static final Map<String, String> CLASSIC = Map.of("ADAPTER", "redis");
    private static final String DROPPED = "roomcast_cluster_messages_dropped_total";

    @Test
    void redisSigkillAndRestartUnderLoad(@TempDir Path workDir) throws Exception {
        try (RestartableCluster cluster = RestartableCluster.start(workDir, NODES, CLASSIC);
             RecoveryLoad load = RecoveryLoad.start(cluster.lbUrl(), LOAD, workDir, MAX_RUN)) {
            RedisServerProcess redis = cluster.redis();
            Outcome outcome = outage(cluster, load, "SIGKILLed", "started again", OUTAGE, redis::kill,
                    redis::startAgain, "Redis SIGKILL, " + OUTAGE.toSeconds() + " s down, restarted (ADAPTER=redis)");

            assertSurvived(cluster, outcome.figures());
            assertThat(outcome.figures().get("lost").asInt())
                    .as("deliveries lost while Redis was down (pub/sub is at most once)").isPositive();
            assertThat(outcome.counted().get("publish_failed") + outcome.counted().get("publish_timeout"))
                    .as("the nodes counted the publishes that did not reach Redis").isPositive();
        }
    }

    @Test
    void redisFrozenWithSigstopUnderLoad(@TempDir Path workDir) throws Exception {
        try (RestartableCluster cluster = RestartableCluster.start(workDir, NODES, CLASSIC);
             RecoveryLoad load = RecoveryLoad.start(cluster.lbUrl(), LOAD, workDir, MAX_RUN)) {
            RedisServerProcess redis = cluster.redis();
            Outcome outcome = outage(cluster, load, "SIGSTOPped", "SIGCONT", FREEZE, redis::freeze, redis::thaw,
                    "Redis SIGSTOP " + FREEZE.toSeconds() + " s, then SIGCONT (ADAPTER=redis)");

            assertSurvived(cluster, outcome.figures());
        }
    }

    @Test
    void garbageOnEveryRedisChannelUnderLoad(@TempDir Path workDir) throws Exception {
        try (RestartableCluster cluster = RestartableCluster.start(workDir, NODES, CLASSIC);
             RecoveryLoad load = RecoveryLoad.start(cluster.lbUrl(), LOAD, workDir, MAX_RUN)) {
            LoadSteps.awaitTraffic(load, LOAD, false, cluster);
            Map<String, Long> before = counters(cluster);
            int sent = publishGarbage(cluster.redisUrl(), 20);
            System.out.printf("published %d bad messages on the adapter's channels%n", sent);
            JsonNode figures = LoadSteps.finish("garbage on every Redis channel (ADAPTER=redis)", load, LOAD);
            Map<String, Long> counted = delta(before, counters(cluster));
            System.out.println("  nodes counted: " + counted);

            assertSurvived(cluster, figures);
            assertThat(figures.get("disconnects").asInt()).as("clients disconnected by bad input\n%s", figures)
                    .isZero();
            assertThat(figures.get("lost").asInt()).as("deliveries lost\n%s", figures).isZero();
            assertThat(counted.get("dropped")).as("bad messages dropped and counted by the nodes").isPositive();
        }
    }

    // --- the fault's effects ---------------------------------------------------------------------------------------

    private interface Step {
        void run() throws Exception;
    }

    /** The figures block of the load and the nodes' counters over the run. */
    private record Outcome(JsonNode figures, Map<String, Long> counted) {
    }

    /**
     * Takes Redis away with {@code down} under the load for {@code length} (while publishers keep getting acks),
     * brings it back with {@code up}, waits until it carries broadcasts again and finishes the load.
     */
    private static Outcome outage(RestartableCluster cluster, RecoveryLoad load, String downVerb, String upVerb,
                                  Duration length, Step down, Step up, String scenario) throws Exception {
        LoadSteps.awaitTraffic(load, LOAD, false, cluster);
        Map<String, Long> before = counters(cluster);
        down.run();
        long downAt = System.nanoTime();
        try {
            awaitPublishing(load, "while Redis is away: each node serves its own clients");
            Thread.sleep(length.toMillis()); // how long Redis stays away is the fault itself, not a wait
        } finally {
            up.run();
        }
        System.out.printf("redis-server %s, %s %d ms later%n", downVerb, upVerb, elapsedMs(downAt));
        Duration resumed = awaitCrossNodeDelivery(cluster);
        System.out.printf("Redis carried broadcasts to the nodes again %d ms after that%n", resumed.toMillis());
        JsonNode figures = LoadSteps.finish(scenario, load, LOAD);
        Map<String, Long> counted = delta(before, counters(cluster));
        System.out.println("  nodes counted: " + counted);
        return new Outcome(figures, counted);
    }

    /** Every node still runs, every client is back in its rooms, nothing arrived twice or out of order. */
    private static void assertSurvived(RestartableCluster cluster, JsonNode figures) {
        String context = figures.toPrettyString() + "\n" + cluster.logs();
        for (int node = 0; node < cluster.size(); node++) {
            assertThat(cluster.node(node).isAlive()).as("%s runs\n%s", RestartableCluster.name(node), context)
                    .isTrue();
        }
        assertThat(figures.get("notConnectedAtEnd").asInt()).as("clients not connected at the end\n%s", context)
                .isZero();
        assertThat(figures.get("duplicates").asInt()).as("deliveries duplicated\n%s", context).isZero();
        assertThat(figures.get("outOfOrder").asInt()).as("deliveries out of order\n%s", context).isZero();
    }

    /** Publishers keep getting acks (local delivery never waits for Redis). */
    private static void awaitPublishing(RecoveryLoad load, String when) throws InterruptedException {
        long since = load.clientNow();
        JsonNode first = load.await("status", since, status -> true, Duration.ofSeconds(5), "a status line");
        int published = first.get("published").asInt();
        load.await("status", since, status -> status.get("published").asInt() > published, Duration.ofSeconds(10),
                "messages acked " + when);
    }

    /** Waits until a node received a broadcast from another one again (its received counter moves). */
    private static Duration awaitCrossNodeDelivery(RestartableCluster cluster) throws Exception {
        long started = System.nanoTime();
        long before = received(cluster);
        long deadline = started + Duration.ofSeconds(30).toNanos();
        while (received(cluster) <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no broadcast crossed nodes within 30 s\n" + cluster.logs());
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static long received(RestartableCluster cluster) throws Exception {
        long sum = 0;
        for (int node = 0; node < cluster.size(); node++) {
            sum += CrossNodeChat.metricOrZero(cluster.node(node), "roomcast_cluster_messages_received_total", "");
        }
        return sum;
    }

    /** The nodes' counters of what Redis did not carry or what they refused from it, summed over the nodes. */
    private static Map<String, Long> counters(RestartableCluster cluster) throws Exception {
        Map<String, Long> sums = new LinkedHashMap<>();
        for (String reason : List.of("publish_failed", "publish_timeout")) {
            sums.put(reason, sum(cluster, DROPPED, "reason=\"" + reason + "\""));
        }
        sums.put("dropped", sum(cluster, DROPPED, "") - sums.get("publish_failed") - sums.get("publish_timeout"));
        sums.put("redis_reconnects", sum(cluster, "roomcast_cluster_redis_reconnects_total", ""));
        return sums;
    }

    private static long sum(RestartableCluster cluster, String name, String labels) throws Exception {
        long sum = 0;
        for (int node = 0; node < cluster.size(); node++) {
            NodeProcess process = cluster.node(node);
            sum += CrossNodeChat.metricOrZero(process, name, labels);
        }
        return sum;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0L)));
        return delta;
    }

    private static long elapsedMs(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    // --- garbage -----------------------------------------------------------------------------------------------------

    /**
     * Publishes {@code rounds} times, on every channel the nodes listen to (PUBSUB CHANNELS, plus the broadcast
     * channels their pattern covers), messages no node sent: random bytes, broken JSON, requests of unknown types,
     * and broadcasts in the adapter's own format whose packet socket.io-client could not parse (data not an array,
     * a number as event name, a CONNECT packet, attachments that do not add up). Returns how many it sent.
     */
    private static int publishGarbage(String redisUrl, int rounds) throws Exception {
        ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
        List<byte[]> garbage = new ArrayList<>();
        byte[] random = new byte[64];
        ThreadLocalRandom.current().nextBytes(random);
        garbage.add(random);
        garbage.add("{not json".getBytes(StandardCharsets.UTF_8));
        garbage.add("{\"type\":99,\"requestId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        garbage.add("{\"type\":2}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> opts = Map.of("rooms", List.of(), "except", List.of(), "flags", Map.of());
        for (Map<String, Object> packet : List.<Map<String, Object>>of(
                Map.of("type", 2, "nsp", "/", "data", "not an array"),
                Map.of("type", 2, "nsp", "/", "data", List.of(42, "a number as event name")),
                Map.of("type", 0, "nsp", "/", "data", Map.of("sid", "forged")),
                Map.of("type", 5, "nsp", "/", "data", List.of("bin"), "attachments", 3),
                Map.of("type", 2, "nsp", "/"))) {
            garbage.add(msgpack.writeValueAsBytes(List.of("intruder", packet, opts)));
        }
        garbage.add(msgpack.writeValueAsBytes(List.of("intruder", "not a packet", opts)));
        garbage.add(msgpack.writeValueAsBytes(Map.of("uid", "intruder")));

        RedisClient client = RedisClient.create(redisUrl);
        int sent = 0;
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            List<String> channels = new ArrayList<>();
            connection.sync().pubsubChannels().forEach(channel -> channels.add(new String(channel,
                    StandardCharsets.UTF_8)));
            channels.add("socket.io#/#");
            for (int room = 0; room < LOAD.rooms(); room++) {
                channels.add("socket.io#/#room-" + room + "#");
            }
            for (int round = 0; round < rounds; round++) {
                for (String channel : channels) {
                    for (byte[] message : garbage) {
                        connection.sync().publish(channel.getBytes(StandardCharsets.UTF_8), message);
                        sent++;
                    }
                }
            }
        } finally {
            client.shutdown();
        }
        return sent;
    }
}

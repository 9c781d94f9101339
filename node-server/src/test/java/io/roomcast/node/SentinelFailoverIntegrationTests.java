package io.roomcast.node;

import io.roomcast.cluster.testing.SentinelFixture;
import io.roomcast.node.CrossNodeChat.Publisher;
import io.roomcast.node.CrossNodeChat.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.roomcast.node.CrossNodeChat.metric;
import static io.roomcast.node.CrossNodeChat.missing;
import static io.roomcast.node.CrossNodeChat.ranges;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Sentinel failover under load: two real node processes on the classic adapter with a {@code redis-sentinel://}
 * {@code REDIS_URL} ({@link SentinelFixture}: master, replica, three sentinels), members of one room on both nodes,
 * and a publisher on node A emitting chat messages steadily, each with its ack. The master is SIGKILLed mid-stream.
 * Measured and printed: time to resume (from the kill to the first message sent after it that reaches node B) and
 * the messages lost across nodes (acked, never received on node B). Asserted: resumed within 15 s, neither node
 * crashed, the same-node member got every acked message throughout, and {@code /metrics} counted the failed publishes
 * and the reconnections.
 */
class SentinelFailoverIntegrationTests {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESUME_BOUND = Duration.ofSeconds(15);
    private static final long SEND_INTERVAL_MILLIS = 20;

    @RegisterExtension
    static final SentinelFixture sentinel = SentinelFixture.create();

    @Test
    void shouldResumeBroadcastsAcrossNodesAfterTheMasterIsKilledUnderLoad() throws Exception {
        Map<String, String> env = Map.of("REDIS_URL", sentinel.sentinelUrl(), "ADAPTER_KEY", sentinel.keyPrefix(),
                "LOG_LEVEL", "WARN");
        try (NodeProcess nodeA = NodeProcess.start(with(env, "NODE_ID", "node-a"));
             NodeProcess nodeB = NodeProcess.start(with(env, "NODE_ID", "node-b"))) {
            nodeA.awaitReady(START_TIMEOUT);
            nodeB.awaitReady(START_TIMEOUT);
            try (RawSocketIoClient publisher = RawSocketIoClient.connect(nodeA.port, "{\"user\":\"pub\"}");
                 RawSocketIoClient local = RawSocketIoClient.connect(nodeA.port, "{\"user\":\"local\"}");
                 RawSocketIoClient remote = RawSocketIoClient.connect(nodeB.port, "{\"user\":\"remote\"}")) {
                for (RawSocketIoClient member : List.of(publisher, local, remote)) {
                    assertThat(member.emitWithAck("join", "\"lobby\"")).contains("\"ok\":true");
                }
                Receiver localReceiver = Receiver.start(local, "local");
                Receiver remoteReceiver = Receiver.start(remote, "remote");
                Publisher load = Publisher.start(publisher, "lobby", SEND_INTERVAL_MILLIS);
                try {
                    Await.until("50 messages crossed from node a to node b before the failover", START_TIMEOUT,
                            () -> remoteReceiver.seen.size() >= 50);
                    long failuresBefore = metric(nodeA, "roomcast_cluster_messages_dropped_total",
                            "reason=\"publish_failed\"");
                    // read after the kill returns (killMaster first asks a sentinel which node to kill): a message
                    // sent before could still cross and pass for a resume
                    int oldMaster = sentinel.killMaster();
                    long killedAt = System.nanoTime();
                    long lastSentBeforeKill = load.sent.get();

                    Await.until("a message sent after the kill reached node b", RESUME_BOUND,
                            () -> remoteReceiver.seen.stream().anyMatch(seq -> seq > lastSentBeforeKill));
                    long firstAfterKill = remoteReceiver.seen.tailSet(lastSentBeforeKill + 1).first();
                    long resumedAt = remoteReceiver.receivedAt.get(firstAfterKill);
                    long lastSentBeforeResume = load.sent.get();
                    // keep the load on a little, then stop: the last messages must cross again
                    Await.until("20 more messages acked after the resume", Duration.ofSeconds(10),
                            () -> load.acked.stream().filter(seq -> seq > lastSentBeforeResume).count() >= 20);
                    load.stop();
                    long last = load.acked.last();
                    Await.until("node b received the last acked message " + last, Duration.ofSeconds(10),
                            () -> remoteReceiver.seen.contains(last));
                    Await.until("node a's local member received the last acked message " + last,
                            Duration.ofSeconds(10), () -> localReceiver.seen.contains(last));
                    int newMaster = sentinel.awaitNewMaster(oldMaster, Duration.ofSeconds(30));

                    SortedSet<Long> lostRemote = missing(load.acked, remoteReceiver.seen);
                    SortedSet<Long> lostLocal = missing(load.acked, localReceiver.seen);
                    SortedSet<Long> duringOutage = new TreeSet<>(load.acked.subSet(lastSentBeforeKill + 1,
                            firstAfterKill));
                    long failures = metric(nodeA, "roomcast_cluster_messages_dropped_total",
                            "reason=\"publish_failed\"") - failuresBefore;
                    long reconnectsA = metric(nodeA, "roomcast_cluster_redis_reconnects_total", "");
                    long reconnectsB = metric(nodeB, "roomcast_cluster_redis_reconnects_total", "");
                    System.out.printf("Sentinel failover under load (master %d killed, %d promoted): time to resume "
                                    + "%d ms; sent %d, acked %d, lost across nodes %d %s; acked during the outage %d, "
                                    + "lost locally %d; /metrics: publish_failed +%d, reconnects node-a %d, "
                                    + "node-b %d%n",
                            oldMaster, newMaster, TimeUnit.NANOSECONDS.toMillis(resumedAt - killedAt),
                            load.sent.get(), load.acked.size(), lostRemote.size(), ranges(lostRemote),
                            duringOutage.size(), lostLocal.size(), failures, reconnectsA, reconnectsB);

                    assertThat(Duration.ofNanos(resumedAt - killedAt)).isLessThan(RESUME_BOUND);
                    assertThat(nodeA.isAlive()).as("node a still runs:\n%s", nodeA.output()).isTrue();
                    assertThat(nodeB.isAlive()).as("node b still runs:\n%s", nodeB.output()).isTrue();
                    assertThat(load.errors).as("acks that were not ok").isEmpty();
                    assertThat(duringOutage).as("the publisher kept being served during the outage").isNotEmpty();
                    assertThat(lostLocal).as("the same-node member got every acked message, outage included")
                            .isEmpty();
                    assertThat(lostRemote).as("messages lost across nodes were sent between the kill and the resume")
                            .allMatch(seq -> seq > lastSentBeforeKill - 5 && seq < firstAfterKill);
                    assertThat(failures).as("publishes that failed while no master answered are counted").isPositive();
                    assertThat(reconnectsA).as("node a reconnected to the new master").isPositive();
                    assertThat(reconnectsB).as("node b reconnected to the new master").isPositive();
                    nodeA.awaitReady(Duration.ofSeconds(15));
                    nodeB.awaitReady(Duration.ofSeconds(15));
                } finally {
                    load.stop();
                    localReceiver.stop();
                    remoteReceiver.stop();
                }
            }
        }
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put(key, value);
        return copy;
    }
}

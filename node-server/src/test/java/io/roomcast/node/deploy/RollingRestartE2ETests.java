package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.node.chat.ChatApp;
import io.roomcast.node.chat.Identities;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.RoomcastServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end proof that a deploy loses nothing with connection state recovery: Redis, 3 node processes behind
 * the real HAProxy (sticky configuration of deploy/local-cluster.sh) and {@code src/test/node/lb/recovery-load.js}:
 * 145 receivers in 10 rooms and 5 publishers sending 200 messages a second in total through the load balancer,
 * every message numbered per publisher so that each receiver counts what it lost, got twice or got out of order
 * (the definitions are at the top of recovery-load.js). While the load runs, each test deploys:
 * <ul>
 *   <li>rolling restart: each node in turn gets SIGTERM (drain: readiness DOWN, sessions closed over
 *       {@code DRAIN_SPREAD} without a Socket.IO DISCONNECT, so clients reconnect to the other nodes), exits, is
 *       started again and is ready and UP in HAProxy, then the next one;</li>
 *   <li>SIGKILL: one node is killed (no drain at all) and started again.</li>
 * </ul>
 * With {@code ADAPTER=redis-streams} and {@code RECOVERY_MAX_DISCONNECTION=60s} the rolling restart must lose
 * nothing, repeat nothing and recover every reconnect. The classic adapter ({@code ADAPTER=redis}, no recovery)
 * runs the same rolling restart as the baseline: it loses deliveries, and the test asserts only that the harness
 * saw that. Every run prints a figures block (copied into BENCHMARKS.md).
 *
 * <p>A SIGKILLed node cannot save its sessions when it dies: its clients recover elsewhere from the records the
 * streams adapter keeps current in Redis while they are connected ({@code keepLiveSessions}); the SIGKILL test
 * asserts what the rolling restart asserts.
 *
 * <p>Run: {@code mvn -B -q -pl node-server -am test -Dtest=RollingRestartE2ETests
 * -Dsurefire.failIfNoSpecifiedTests=false} (needs haproxy, redis-server, node and {@code npm ci} in
 * src/test/node); the figures are in node-server/target/surefire-reports/*RollingRestartE2ETests-output.txt. The
 * nodes run from the test class path (no jar). Each method is bounded by {@link Timeout}, each load run by
 * {@code MAX_RUN}; everything listens on and talks to 127.0.0.1 only.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RollingRestartE2ETests {

    private static final int NODES = 3;
    private static final RecoveryLoad.Shape LOAD = new RecoveryLoad.Shape(145, 5, 10, 200);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** Upper bound of one load run; recovery-load.js stops by itself after it. */
    private static final Duration MAX_RUN = Duration.ofSeconds(100);

    private static final Map<String, String> STREAMS_WITH_RECOVERY = Map.of(
            "ADAPTER", "redis-streams",
            "RECOVERY_MAX_DISCONNECTION", "60s",
            "DRAIN_SPREAD", "2s",
            "SHUTDOWN_GRACE", SHUTDOWN_GRACE.toSeconds() + "s");
    private static final Map<String, String> CLASSIC = Map.of(
            "ADAPTER", "redis",
            "DRAIN_SPREAD", "2s",
            "SHUTDOWN_GRACE", SHUTDOWN_GRACE.toSeconds() + "s");

    @Test
    void rollingRestartWithRedisStreamsAndRecoveryLosesNothing(@TempDir Path workDir) throws Exception {
        try (RestartableCluster cluster = RestartableCluster.start(workDir, NODES, STREAMS_WITH_RECOVERY);
             RecoveryLoad load = RecoveryLoad.start(cluster.lbUrl(), LOAD, workDir, MAX_RUN)) {
            awaitTraffic(load, true, cluster);
            for (int node = 0; node < NODES; node++) {
                rollingStep(cluster, load, node);
            }
            JsonNode figures = finish("rolling restart, ADAPTER=redis-streams, recovery 60s", load, cluster);

            String context = figures.toPrettyString() + "\n" + cluster.logs();
            assertThat(figures.get("notConnectedAtEnd").asInt()).as("clients not connected at the end\n%s", context)
                    .isZero();
            assertThat(figures.get("disconnects").asInt()).as("the drains disconnected clients").isPositive();
            assertThat(figures.get("lost").asInt()).as("deliveries lost\n%s", context).isZero();
            assertThat(figures.get("duplicates").asInt()).as("deliveries duplicated\n%s", context).isZero();
            assertThat(figures.get("outOfOrder").asInt()).as("deliveries out of order\n%s", context).isZero();
            assertThat(figures.get("fresh").asInt()).as("reconnects that got a fresh session\n%s", context).isZero();
            assertThat(figures.get("recovered").asInt()).as("recovered reconnects\n%s", context)
                    .isEqualTo(figures.get("reconnects").asInt()).isPositive();
        }
    }

    @Test
    void sigkillWithRedisStreamsAndRecovery(@TempDir Path workDir) throws Exception {
        try (RestartableCluster cluster = RestartableCluster.start(workDir, NODES, STREAMS_WITH_RECOVERY);
             RecoveryLoad load = RecoveryLoad.start(cluster.lbUrl(), LOAD, workDir, MAX_RUN)) {
            awaitTraffic(load, true, cluster);
            int disconnects = load.disconnectsSoFar();
            cluster.kill(1);
            System.out.printf("%s SIGKILLed%n", RestartableCluster.name(1));
            awaitEveryClientBack(load, disconnects + 1, cluster, "after SIGKILL of " + RestartableCluster.name(1));
            Duration restart = cluster.restart(1);
            System.out.printf("%s started again, ready and UP in HAProxy after %d ms%n", RestartableCluster.name(1),
                    restart.toMillis());
            JsonNode figures = finish("SIGKILL of one node, ADAPTER=redis-streams, recovery 60s", load, cluster);

            String context = figures.toPrettyString() + "\n" + cluster.logs();
            assertThat(figures.get("notConnectedAtEnd").asInt()).as("clients not connected at the end\n%s", context)
                    .isZero();
            assertThat(figures.get("disconnects").asInt()).as("the kill disconnected clients").isPositive();
            assertThat(figures.get("duplicates").asInt()).as("deliveries duplicated\n%s", context).isZero();
            assertThat(figures.get("lostByUndisturbedReceivers").asInt())
                    .as("deliveries lost by receivers that were never disconnected\n%s", context).isZero();
            // the killed node saved nothing: its clients recover from the live session records. What can still be
            // lost: a message the killed node had acked to its publisher before its XADD reached Redis (broadcasts
            // do not wait for the stream), at most one in flight per publisher, each missing in its whole room
            int inFlightBound = LOAD.publishers() * (LOAD.receivers() / LOAD.rooms() + 1);
            assertThat(figures.get("lost").asInt()).as("deliveries lost (bound: one in-flight message per publisher"
                    + " and room)\n%s", context).isLessThanOrEqualTo(inFlightBound);
            assertThat(figures.get("outOfOrder").asInt()).as("deliveries out of order\n%s", context).isZero();
            assertThat(figures.get("fresh").asInt()).as("reconnects with a fresh session\n%s", context).isZero();
            assertThat(figures.get("recovered").asInt()).as("recovered reconnects\n%s", context)
                    .isEqualTo(figures.get("reconnects").asInt()).isPositive();
        }
    }

    /** The baseline: the same rolling restart with the classic pub/sub adapter, which cannot recover sessions. */
    @Test
    void rollingRestartWithClassicRedisAdapterLosesDeliveries(@TempDir Path workDir) throws Exception {
        try (RestartableCluster cluster = RestartableCluster.start(workDir, NODES, CLASSIC);
             RecoveryLoad load = RecoveryLoad.start(cluster.lbUrl(), LOAD, workDir, MAX_RUN)) {
            awaitTraffic(load, false, cluster);
            for (int node = 0; node < NODES; node++) {
                rollingStep(cluster, load, node);
            }
            JsonNode figures = finish("rolling restart, ADAPTER=redis (classic, no recovery): baseline", load,
                    cluster);

            String context = figures.toPrettyString();
            assertThat(figures.get("notConnectedAtEnd").asInt()).as("clients not connected at the end\n%s", context)
                    .isZero();
            // The harness sees losses: without recovery every reconnect is a fresh session that has to join again.
            assertThat(figures.get("fresh").asInt()).as("fresh reconnects\n%s", context).isPositive();
            assertThat(figures.get("recovered").asInt()).as("recovered reconnects\n%s", context).isZero();
            assertThat(figures.get("lost").asInt()).as("deliveries lost (the harness must see them)\n%s", context)
                    .isPositive();
        }
    }

    /**
     * The harness's other side, on main today: one in-process server with in-memory recovery closes every session
     * (spread over 2 s, no DISCONNECT, as the drain does) while the load runs; the clients reconnect to the same node
     * and recover. The harness must count every reconnect as recovered and nothing as lost, duplicated or reordered
     * (so the zeros of the streams runs mean something).
     */
    @Test
    void harnessCountsNothingLostWhenEverySessionRecoversOnOneNode(@TempDir Path workDir) throws Exception {
        RoomcastServer io = RoomcastServer.builder()
                .host("127.0.0.1")
                .port(0)
                .connectionStateRecovery(new ConnectionStateRecovery(Duration.ofSeconds(60), true))
                .build();
        new ChatApp(2000, Identities.anonymous()).install(io);
        io.start();
        try (RecoveryLoad load = RecoveryLoad.start("http://127.0.0.1:" + io.port(), LOAD, workDir, MAX_RUN)) {
            awaitTraffic(load, true, null);
            for (int round = 1; round <= 2; round++) {
                int disconnects = load.disconnectsSoFar();
                io.closeAllSessions(Duration.ofSeconds(2));
                System.out.printf("round %d: closeAllSessions(2s) on the single node%n", round);
                awaitEveryClientBack(load, disconnects + LOAD.clients(), null,
                        "after closeAllSessions, round " + round);
            }
            JsonNode figures = finish("one node, in-memory recovery, closeAllSessions(2s) twice: harness check",
                    load, null);

            String context = figures.toPrettyString();
            assertThat(figures.get("reconnects").asInt()).as("reconnects\n%s", context)
                    .isGreaterThanOrEqualTo(2 * LOAD.clients());
            assertThat(figures.get("recovered").asInt()).as("recovered\n%s", context)
                    .isEqualTo(figures.get("reconnects").asInt());
            assertThat(figures.get("lost").asInt()).as("lost\n%s", context).isZero();
            assertThat(figures.get("duplicates").asInt()).as("duplicates\n%s", context).isZero();
            assertThat(figures.get("outOfOrder").asInt()).as("out of order\n%s", context).isZero();
            assertThat(figures.get("expected").asInt()).as("deliveries expected\n%s", context).isPositive();
        } finally {
            io.close();
        }
    }

    // --- steps (the shared ones are in LoadSteps) -----------------------------------------------------------------

    private static void awaitTraffic(RecoveryLoad load, boolean recoveryExpected, RestartableCluster cluster)
            throws InterruptedException {
        LoadSteps.awaitTraffic(load, LOAD, recoveryExpected, cluster);
    }

    private static void rollingStep(RestartableCluster cluster, RecoveryLoad load, int node) throws Exception {
        String name = RestartableCluster.name(node);
        int disconnects = load.disconnectsSoFar();
        Duration drain = cluster.terminate(node, SHUTDOWN_GRACE.plusSeconds(15));
        Duration restart = cluster.restart(node);
        System.out.printf("%s: SIGTERM -> exit 0 in %d ms; started again, ready and UP in HAProxy in %d ms%n", name,
                drain.toMillis(), restart.toMillis());
        awaitEveryClientBack(load, disconnects + 1, cluster, "after the restart of " + name);
    }

    private static void awaitEveryClientBack(RecoveryLoad load, int disconnects, RestartableCluster cluster,
                                             String when) throws InterruptedException {
        LoadSteps.awaitEveryClientBack(load, disconnects, cluster, when);
    }

    private static JsonNode finish(String scenario, RecoveryLoad load, RestartableCluster cluster) throws Exception {
        return LoadSteps.finish(scenario, load, LOAD);
    }
}

package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steps every test of a {@link RestartableCluster} under a {@link RecoveryLoad} takes: wait for the traffic,
 * wait until every client is back after a fault, and finish with the figures block (what BENCHMARKS.md and
 * RELIABILITY.md copy).
 */
final class LoadSteps {

    static final Duration RECONNECTED = Duration.ofSeconds(30);

    private LoadSteps() {
    }

    /** Waits until every client is in its rooms and publishing has run for about a second. */
    static void awaitTraffic(RecoveryLoad load, RecoveryLoad.Shape shape, boolean recoveryExpected,
                             RestartableCluster cluster)
            throws InterruptedException {
        JsonNode ready = load.await("ready", 0, event -> true, Duration.ofSeconds(40),
                "every client connected through the load balancer and in its rooms");
        if (recoveryExpected) {
            assertThat(ready.get("offeredRecovery").asInt())
                    .as("clients whose CONNECT carried a private id (connection state recovery on): does the node "
                            + "read ADAPTER=redis-streams and RECOVERY_MAX_DISCONNECTION? (not yet on main: the "
                            + "streams adapter and the node's recovery settings)%s",
                            cluster == null ? "" : "\n" + cluster.logs())
                    .isEqualTo(shape.clients());
        }
        load.await("status", ready.get("t").asLong(), status -> status.get("published").asInt() >= shape.ratePerSecond(),
                Duration.ofSeconds(20), shape.ratePerSecond() + " messages published");
    }


    /** Waits for a status with at least {@code disconnects} disconnects so far and every client in its rooms. */
    static void awaitEveryClientBack(RecoveryLoad load, int disconnects, RestartableCluster cluster,
                                     String when) throws InterruptedException {
        try {
            load.await("status", 0, status -> status.get("inRooms").asInt() == status.get("total").asInt()
                            && status.get("disconnects").asInt() >= disconnects,
                    RECONNECTED, "every client connected and in its rooms " + when);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + (cluster == null ? "" : "\n" + cluster.logs()), e);
        }
    }

    /** Publishes for one more second with everything back, stops the load and prints the figures block. */
    static JsonNode finish(String scenario, RecoveryLoad load, RecoveryLoad.Shape shape) throws Exception {
        long since = load.clientNow();
        JsonNode before = load.await("status", since, status -> true, Duration.ofSeconds(5), "a status line");
        int published = before.get("published").asInt();
        load.await("status", since, status -> status.get("published").asInt() >= published + shape.ratePerSecond(),
                Duration.ofSeconds(20), "another " + shape.ratePerSecond() + " messages published after the deploy");
        JsonNode report = load.stop(Duration.ofSeconds(40));
        JsonNode f = report.get("figures");
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("clients", f.get("clients") + " (" + f.get("receivers") + " receivers in " + f.get("rooms")
                + " rooms, " + f.get("publishers") + " publishers; default transports, withCredentials)");
        lines.put("publishing", report.get("publishingMs").asLong() / 1000.0 + " s at " + report.get("rate")
                + " msg/s");
        lines.put("messages published", f.get("published") + " (attempts " + f.get("publishAttempts") + ", resent "
                + f.get("resends") + ", unconfirmed " + f.get("unconfirmed") + ")");
        lines.put("deliveries expected", f.get("expected"));
        lines.put("deliveries received", f.get("received"));
        lines.put("lost", f.get("lost") + " (receivers with a loss: " + f.get("receiversWithLoss")
                + ", lost by never-disconnected receivers: " + f.get("lostByUndisturbedReceivers") + ")");
        lines.put("duplicates", f.get("duplicates") + " (same attempt delivered twice; resend duplicates, same "
                + "(publisher, seq) by two attempts: " + f.get("resendDuplicates") + ")");
        lines.put("out of order", f.get("outOfOrder"));
        lines.put("disconnects", f.get("disconnects") + " " + f.get("disconnectReasons"));
        lines.put("reconnects", f.get("reconnects") + ": recovered " + f.get("recovered") + ", fresh "
                + f.get("fresh") + " (connect_error events: " + f.get("connectErrors") + ")");
        lines.put("time to recover (disconnect -> connect)", ms(f.get("recoverMs")) + "; recovered "
                + ms(f.get("recoveredMs")) + "; fresh " + ms(f.get("freshMs")));
        lines.put("not connected at end", f.get("notConnectedAtEnd"));
        lines.put("publish errors", f.get("publishErrors"));
        lines.put("settled", report.get("settled") + " in " + report.get("settleMs") + " ms");
        StringBuilder block = new StringBuilder("\n=== figures: " + scenario + " ===\n");
        lines.forEach((key, value) -> block.append(String.format("  %-42s %s%n", key, value)));
        System.out.print(block);
        if (!report.get("settled").asBoolean()) {
            System.out.println("  (not settled; clients disturbed: " + report.get("clientDetails") + ")");
        }
        return f;
    }

    private static String ms(JsonNode summary) {
        return List.of("p50", "p99", "max").stream()
                .map(key -> key + " " + (summary.get(key).isNull() ? "-" : summary.get(key).asLong() + " ms"))
                .reduce((a, b) -> a + " / " + b).orElse("");
    }
}

package io.roomcast.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.cluster.metrics.RoomcastMeters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures, never asserts on time: a control room's ack and delivery p99 (a sender and a receiver, one message every
 * 20 ms, real socket.io-client in its own process) on the chat node alone (baseline), then while a flooder in
 * another process tries to send 10k messages a second (what it managed is printed). Printed for three nodes: without
 * a limit (issue 14's case), with {@code RATE_LIMIT_EVENTS=60/1s} (above the control's 50/s) and a flooder that is never disconnected (every excess event refused), and
 * with the default disconnect and a flooder that reconnects whenever it is closed. The issue asks for the flood p99
 * within 2x of the baseline. Figures from a shared 2-core machine; run it alone for clean ones.
 */
class RateLimitFloodMeasurementTests {

    private static final String CONTROL_MESSAGES = "250";
    private static final String CONTROL_INTERVAL_MS = "20";
    private static final String FLOOD_RATE = "10000";
    private static final String FLOOD_MS = "9000";
    /** Above the control room's 50 messages a second, which must never be refused. */
    private static final String LIMIT = "60/1s";

    private static NodeRuntime start(Map<String, String> limits) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", "flood-measurement",
                "LOG_LEVEL", "WARN"));
        env.putAll(limits);
        return NodeServer.start(EnvConfigLoader.load(env), io -> { });
    }

    private static JsonNode control(NodeRuntime node, String room) throws Exception {
        try (FloodScript control = FloodScript.start("control", node.port(), "--room", room, "--interval-ms",
                CONTROL_INTERVAL_MS, "--count", CONTROL_MESSAGES)) {
            return control.report(Duration.ofSeconds(60));
        }
    }

    private static double messagesReceived(NodeRuntime node) {
        Counter counter = node.meterRegistry().find(RoomcastMeters.EVENTS_RECEIVED)
                .tag(RoomcastMeters.TAG_EVENT, "message").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Baseline, then the same control run during a flood; prints both and the ratios. */
    private static Result measure(String name, Map<String, String> limits, String... floodArgs) throws Exception {
        try (NodeRuntime node = start(limits)) {
            control(node, "warm-up"); // JIT, connections: not measured
            JsonNode baseline = control(node, "baseline");
            JsonNode during;
            JsonNode flood;
            String[] args = new String[floodArgs.length + 4];
            System.arraycopy(new String[] {"--rate", FLOOD_RATE, "--duration-ms", FLOOD_MS}, 0, args, 0, 4);
            System.arraycopy(floodArgs, 0, args, 4, floodArgs.length);
            try (FloodScript flooder = FloodScript.start("flood", node.port(), args)) {
                double before = messagesReceived(node);
                Await.until("the flood under way", Duration.ofSeconds(20),
                        () -> messagesReceived(node) - before > 5_000);
                during = control(node, "during-flood");
                flood = flooder.report(Duration.ofSeconds(60));
            }
            Result result = new Result(name, baseline, during, flood);
            result.print();
            return result;
        }
    }

    @Test
    void shouldPrintTheControlRoomsP99BeforeAndDuringAFlood() throws Exception {
        Result none = measure("no limit", Map.of());
        Result refused = measure("RATE_LIMIT_EVENTS=" + LIMIT + ", never disconnected", Map.of(
                "RATE_LIMIT_EVENTS", LIMIT, "RATE_LIMIT_DISCONNECT_AFTER", "off"));
        Result closed = measure("RATE_LIMIT_EVENTS=" + LIMIT + ", disconnect 100/10s, flooder reconnects",
                Map.of("RATE_LIMIT_EVENTS", LIMIT), "--reconnect");

        System.out.println("== control room p99 (ms) under a ~" + FLOOD_RATE + " msg/s flood: baseline -> flood (ratio)");
        for (Result result : new Result[] {none, refused, closed}) {
            System.out.println(result.summary());
        }
        // not a timing assertion: the control room lost nothing and was never refused
        for (Result result : new Result[] {refused, closed}) {
            assertThat(result.during.get("missing").asInt()).as(result.name).isZero();
            assertThat(result.during.get("ackErrors")).as(result.name).isEmpty();
            assertThat(result.flood.get("rateLimited").asLong()).as(result.name).isPositive();
        }
    }

    private record Result(String name, JsonNode baseline, JsonNode during, JsonNode flood) {

        void print() {
            System.out.println("[" + name + "] baseline: " + baseline);
            System.out.println("[" + name + "] during flood: " + during);
            System.out.println("[" + name + "] flooder: " + flood);
        }

        String summary() {
            double sentPerSecond = flood.get("sent").asDouble() * 1000 / Math.max(1, flood.get("elapsedMs").asDouble());
            return String.format("%-62s ack p99 %7.2f -> %8.2f (x%.2f), delivery p99 %7.2f -> %8.2f (x%.2f);"
                            + " flooder sent %.0f/s, %d ok, %d rate_limited, %d connections, missing %d",
                    name, p99(baseline, "ack"), p99(during, "ack"), p99(during, "ack") / p99(baseline, "ack"),
                    p99(baseline, "delivery"), p99(during, "delivery"),
                    p99(during, "delivery") / p99(baseline, "delivery"), sentPerSecond, flood.get("ok").asLong(),
                    flood.get("rateLimited").asLong(), flood.get("connections").asLong(),
                    during.get("missing").asLong());
        }

        private static double p99(JsonNode report, String what) {
            JsonNode p99 = report.get(what).get("p99");
            return p99 == null || p99.isNull() ? Double.NaN : p99.asDouble();
        }
    }
}

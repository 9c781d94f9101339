package io.roomcast.node;

import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.metrics.NodeMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node (in-process, free ports, no Redis) with two raw WebSocket clients: {@code GET /metrics} on the
 * management port shows what they did, under the names of {@code RoomcastMeters}.
 */
class NodeMetricsTests {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    private final HttpClient http = HttpClient.newHttpClient();
    private NodeRuntime node;

    @BeforeEach
    void start() throws Exception {
        node = NodeServer.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", "metrics-node",
                "PING_INTERVAL", "200ms",
                "HTTP_REQUEST_TIMEOUT", "500ms",
                "METRICS_EVENTS", "join,message,welcome")), io -> { });
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void shouldExposeWhatClientsDidInPrometheusFormat() throws Exception {
        try (RawSocketIoClient alice = RawSocketIoClient.connect(node.port(), null);
             RawSocketIoClient bob = RawSocketIoClient.connect(node.port(), null)) {
            alice.emitWithAck("join", "\"lobby\"");
            bob.emitWithAck("join", "\"lobby\"");
            alice.awaitFrame(frame -> frame.startsWith("42[\"presence\"")); // bob's join notice, delivered
            String beforeMessage = scrape().body(); // the joins' presence notices are broadcasts too
            alice.emitWithAck("message", "{\"room\":\"lobby\",\"text\":\"hi\"}");
            alice.emitWithAck("echo", "\"not allow-listed\"");
            bob.awaitFrame(frame -> frame.startsWith("42[\"message\""));

            HttpResponse<String> response = scrape();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue(NodeMetrics.CONTENT_TYPE);
            String text = response.body();

            assertThat(value(text, "roomcast_connections", "namespace", "/", "transport", "websocket")).isEqualTo(2);
            assertThat(value(text, "roomcast_connections", "namespace", "/", "transport", "polling")).isZero();
            assertThat(value(text, "roomcast_engine_sessions", "transport", "websocket")).isEqualTo(2);
            assertThat(value(text, "roomcast_handshakes_total", "result", "ok")).isEqualTo(2);
            assertThat(value(text, "roomcast_events_received_total", "namespace", "/", "event", "join"))
                    .isEqualTo(2);
            assertThat(value(text, "roomcast_events_received_total", "namespace", "/", "event", "message"))
                    .isEqualTo(1);
            assertThat(value(text, "roomcast_events_received_total", "namespace", "/", "event", "other"))
                    .as("echo is not in METRICS_EVENTS").isEqualTo(1);
            assertThat(text).doesNotContain("event=\"echo\"");
            assertThat(value(text, "roomcast_events_sent_total", "namespace", "/", "event", "welcome"))
                    .isEqualTo(2);
            assertThat(value(text, "roomcast_events_sent_total", "namespace", "/", "event", "message"))
                    .as("one broadcast reaching two sockets").isEqualTo(2);
            assertThat(value(text, "roomcast_broadcasts_published_total", "namespace", "/")
                    - value(beforeMessage, "roomcast_broadcasts_published_total", "namespace", "/")).isEqualTo(1);
            assertThat(value(text, "roomcast_broadcast_deliveries_count", "namespace", "/", "origin", "local")
                    - value(beforeMessage, "roomcast_broadcast_deliveries_count", "namespace", "/", "origin", "local"))
                    .isEqualTo(1);
            assertThat(value(text, "roomcast_broadcast_deliveries_sum", "namespace", "/", "origin", "local")
                    - value(beforeMessage, "roomcast_broadcast_deliveries_sum", "namespace", "/", "origin", "local"))
                    .as("the message reached both members").isEqualTo(2);
            assertThat(value(text, "roomcast_broadcast_delivery_seconds_count", "namespace", "/", "origin", "local")
                    - value(beforeMessage, "roomcast_broadcast_delivery_seconds_count", "namespace", "/", "origin",
                    "local")).isEqualTo(1);
            assertThat(text).contains("roomcast_broadcast_delivery_seconds_bucket{");
            assertThat(value(text, "roomcast_transport_received_bytes_total", "transport", "websocket"))
                    .isGreaterThan(0);
            assertThat(value(text, "roomcast_transport_sent_bytes_total", "transport", "websocket"))
                    .isGreaterThan(0);
            assertThat(value(text, "roomcast_upgrades_total")).isZero();
            assertThat(value(text, "roomcast_http_request_timeouts_total")).isZero();
            assertThat(value(text, "roomcast_node_info", "version", "dev")).isEqualTo(1);
            assertThat(text).contains("node=\"metrics-node\"");
            assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads{", "process_cpu_usage{",
                    "netty_allocator_memory_used{", "netty_eventexecutor_tasks_pending{");
            assertThat(text).doesNotContain("roomcast_cluster_").as("no REDIS_URL, no cluster meters");

            awaitValue("roomcast_ping_rtt_seconds_count", v -> v >= 1);
        }
    }

    @Test
    void shouldCountRefusedHandshakesAndDisconnectsByReason() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                + "/socket.io/?EIO=3&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);

        RawSocketIoClient leaving = RawSocketIoClient.connect(node.port(), null);
        leaving.close(); // TCP gone without a close packet: "transport close"

        awaitValue("roomcast_disconnects_total", v -> v == 1, "reason", "transport_close");
        String text = scrape().body();
        assertThat(value(text, "roomcast_handshakes_total", "result", "bad_request")).isEqualTo(1);
        assertThat(value(text, "roomcast_connections", "namespace", "/", "transport", "websocket")).isZero();
        assertThat(value(text, "roomcast_disconnects_total", "reason", "ping_timeout")).isZero();
    }

    private HttpResponse<String> scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort()
                + NodeServer.METRICS_PATH)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldCountRequestsAnswered408BecauseTheyDidNotArriveInTime() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", node.port())) {
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: loc"
                    .getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();

            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout");
        }
        awaitValue("roomcast_http_request_timeouts_total", v -> v == 1);
    }

    private void awaitValue(String name, java.util.function.DoublePredicate done, String... labels)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            OptionalDouble current = find(scrape().body(), name, labels);
            if (current.isPresent()) {
                last = current.getAsDouble();
                if (done.test(last)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " never reached the expected value; last " + last);
    }

    /** The value of the one series with this name and these labels (among others). */
    private static double value(String text, String name, String... labels) {
        return find(text, name, labels).orElseThrow(() -> new AssertionError(
                "no series " + name + " " + String.join(",", labels) + " in:\n" + text));
    }

    private static OptionalDouble find(String text, String name, String... labels) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String set = m.group(3) == null ? "" : m.group(3);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= set.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return OptionalDouble.of(Double.parseDouble(m.group(4)));
            }
        }
        return OptionalDouble.empty();
    }
}

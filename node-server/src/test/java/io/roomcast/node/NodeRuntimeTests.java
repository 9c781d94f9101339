package io.roomcast.node;

import io.roomcast.node.config.EnvConfigLoader;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime runs any application, not only the chat: health, metrics and drain come with it. */
class NodeRuntimeTests {

    /** A one-listener application a user would write: {@code shout} is broadcast to everyone. */
    private static final RoomcastApplication SHOUT = io -> io.onConnection(socket ->
            socket.on("shout", String.class, (s, text, ack) -> {
                io.emit("shouted", text.toUpperCase(java.util.Locale.ROOT));
                ack.send(Map.of("ok", true));
            }));

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRunAnApplicationWithHealthMetricsAndDrain() throws Exception {
        NodeRuntime node = NodeRuntime.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", "shout-node",
                "METRICS_EVENTS", "shout")), SHOUT);
        try (RawSocketIoClient client = RawSocketIoClient.connect(node.port())) {
            assertThat(client.emitWithAck("shout", "\"hello\"")).isEqualTo("[{\"ok\":true}]");
            assertThat(client.awaitEvent("shouted")).contains("HELLO");
            assertThat(client.emitWithAck("shout", "{\"not\":\"a string\"}"))
                    .contains("\"code\":\"invalid_payload\"");

            assertThat(get(node.managementPort(), "/health/ready").statusCode()).isEqualTo(200);
            String metrics = get(node.managementPort(), NodeRuntime.METRICS_PATH).body();
            assertThat(metrics).contains("roomcast_events_received_total{event=\"shout\",namespace=\"/\","
                    + "node=\"shout-node\"} 2.0");
            assertThat(metrics).contains("roomcast_events_dropped_total{event=\"shout\",namespace=\"/\","
                    + "node=\"shout-node\",reason=\"invalid_payload\"} 1.0");
            // no chat here: the demo page belongs to the chat application
            assertThat(get(node.port(), "/").statusCode()).isEqualTo(404);

            node.drain();

            assertThat(client.closed().get(10, TimeUnit.SECONDS)).as("WebSocket close status").isNotNull();
        } finally {
            node.close();
        }
    }
}

package io.roomcast.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.cluster.metrics.RoomcastMeters;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat node with {@code RATE_LIMIT_EVENTS} and {@code MAX_CONNECTIONS_PER_IP}, driven by the real
 * socket.io-client: a flooder gets {@code rate_limited} acks and is then disconnected, while a well-behaved client in
 * another room keeps getting every message; the N+1th connection from one address is refused with 429.
 */
class RateLimitE2ETests {

    private static NodeRuntime start(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", "rate-limit-node"));
        env.putAll(extra);
        return NodeServer.start(EnvConfigLoader.load(env), io -> { });
    }

    private static double count(MeterRegistry registry, String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldAnswerAFlooderRateLimitedThenDisconnectItWhileAnotherRoomGetsEveryMessage() throws Exception {
        try (NodeRuntime node = start(Map.of("RATE_LIMIT_EVENTS", "20/1s", "RATE_LIMIT_DISCONNECT_AFTER", "100/10s"));
             FloodScript control = FloodScript.start("control", node.port(), "--interval-ms", "100", "--count", "30");
             FloodScript flooder = FloodScript.start("flood", node.port(), "--rate", "2000", "--duration-ms",
                     "3000")) {
            JsonNode flood = flooder.report(Duration.ofSeconds(30));
            JsonNode calm = control.report(Duration.ofSeconds(30));
            System.out.println("flooder: " + flood);
            System.out.println("control: " + calm);

            // the burst of 20 (less the join) plus what the bucket earns back meanwhile (20/s)
            assertThat(flood.get("ok").asInt()).as("the burst gets through").isGreaterThanOrEqualTo(19)
                    .isLessThan(flood.get("sent").asInt() / 4);
            // more than 100 refusals within 10 s close the connection (the refusal bucket earns back 10/s)
            assertThat(flood.get("rateLimited").asInt()).as("then rate_limited acks").isGreaterThanOrEqualTo(100)
                    .isLessThan(flood.get("sent").asInt() - flood.get("ok").asInt());
            assertThat(flood.get("other").asInt()).isZero();
            assertThat(flood.get("disconnects").toString()).isEqualTo("[\"io server disconnect\"]");
            assertThat(flood.get("connections").asInt()).isEqualTo(1);

            assertThat(calm.get("received").asInt()).as("the other room gets every message").isEqualTo(30);
            assertThat(calm.get("missing").asInt()).isZero();
            assertThat(calm.get("ackErrors")).isEmpty();
            assertThat(calm.get("disconnects")).isEmpty();

            MeterRegistry metrics = node.meterRegistry();
            assertThat(count(metrics, RoomcastMeters.EVENTS_RATE_LIMITED, RoomcastMeters.TAG_SCOPE, "connection"))
                    .isEqualTo(flood.get("rateLimited").asDouble());
            assertThat(count(metrics, RoomcastMeters.EVENTS_RATE_LIMITED, RoomcastMeters.TAG_SCOPE, "user")).isZero();
            assertThat(count(metrics, RoomcastMeters.DISCONNECTS, RoomcastMeters.TAG_REASON, "rate_limited"))
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseTheConnectionOverMaxConnectionsPerIpWith429AndCountIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (NodeRuntime node = start(Map.of("MAX_CONNECTIONS_PER_IP", "2"));
             RawSocketIoClient first = RawSocketIoClient.connect(node.port(), "{\"user\":\"a\"}");
             RawSocketIoClient second = RawSocketIoClient.connect(node.port(), "{\"user\":\"b\"}")) {
            assertThat(first.emitWithAck("echo", "\"hi\"")).contains("hi");

            assertThatThrownBy(() -> RawSocketIoClient.connect(node.port(), "{\"user\":\"c\"}"))
                    .as("a third WebSocket").hasStackTraceContaining("429");
            HttpResponse<String> polling = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + node.port() + "/socket.io/?EIO=4&transport=polling")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(polling.statusCode()).isEqualTo(429);
            assertThat(polling.body()).contains("Too many connections from this address");
            assertThat(count(node.meterRegistry(), RoomcastMeters.HANDSHAKES, RoomcastMeters.TAG_RESULT,
                    RoomcastMeters.RESULT_TOO_MANY_CONNECTIONS)).isEqualTo(2);

            second.close();
            Await.until("the closed session's slot is free", Duration.ofSeconds(10),
                    () -> node.io().sessionCount() == 1);
            try (RawSocketIoClient third = RawSocketIoClient.connect(node.port(), "{\"user\":\"c\"}")) {
                assertThat(third.emitWithAck("echo", "\"again\"")).contains("again");
            }
        }
    }
}

package io.roomcast.loadtests.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.loadtests.bench.RawNettyBroadcastServer;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole generator for ~3 s against the raw-Netty broadcast server in this JVM. */
class LoadGeneratorRawServerTests {

    @Test
    void shouldDeliverMessagesToEverySubscriberAndWriteJsonAndChart(@TempDir Path dir) throws Exception {
        try (RawNettyBroadcastServer server = new RawNettyBroadcastServer("127.0.0.1", 0)) {
            GeneratorOptions options = new GeneratorOptions(
                    List.of(URI.create("ws://127.0.0.1:" + server.port())), Scenario.FANOUT, Protocol.RAW,
                    60, 3, 2, 200, Duration.ofSeconds(2), Duration.ofMillis(500),
                    List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")),
                    50, 20_000, 32, 2, List.of(ProcessHandle.current().pid()), List.of(), false, "raw-test",
                    dir.resolve("result.json"), dir.resolve("chart.svg"));

            new LoadGenerator(options).run();

            JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
            assertThat(result.path("ok").asBoolean()).isTrue();
            assertThat(result.path("connect").path("connected").asInt()).isEqualTo(62);
            JsonNode fanout = result.path("fanout");
            assertThat(fanout.path("deliveriesInWindow").asLong()).isPositive();
            assertThat(fanout.path("messageErrors").asLong()).isZero();
            assertThat(fanout.path("lostFromWindow").asLong()).isZero();
            // every message reaches its whole room: 20 subscribers + its publisher (rooms 0 and 2 share publisher 0)
            assertThat(fanout.path("receivedFromWindow").asLong())
                    .isEqualTo(fanout.path("expectedFromWindow").asLong()).isPositive();
            assertThat(fanout.path("latencyMs").path("p99").asDouble()).isPositive();
            assertThat(result.path("servers").path("cpuMicrosPerDelivery").asDouble()).isPositive();
            assertThat(Files.readString(dir.resolve("chart.svg"))).startsWith("<svg").contains("deliveries/s");
        }
    }
}

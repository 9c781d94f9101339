package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * One run of {@code src/test/node/lb/lb-client.js}: real socket.io-client 4.8.4 clients (polling-only,
 * websocket-only, default) through the load balancer, and what each of them saw.
 */
record LbClientRun(JsonNode report, String rawOutput) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static LbClientRun drive(String url, int cycles, int perTransport, Duration cyclesTimeout) throws IOException {
        Path suiteDir = Tools.moduleDir().resolve("src/test/node");
        if (!Files.isRegularFile(suiteDir.resolve("node_modules/socket.io-client/package.json"))) {
            throw new AssertionError("run npm ci in node-server/src/test/node (missing node_modules/socket.io-client)");
        }
        Tools.require("node", "install Node.js 18+ (https://nodejs.org or apt-get install nodejs)", "--version");
        long started = System.nanoTime();
        Tools.Result result = Tools.run(suiteDir, cyclesTimeout.plusSeconds(40), List.of("node", "lb/lb-client.js",
                "--url", url, "--cycles", String.valueOf(cycles), "--per-transport", String.valueOf(perTransport),
                "--timeout-ms", String.valueOf(cyclesTimeout.toMillis())));
        System.out.printf("lb-client.js (%d cycles) took %d ms%n", cycles,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        String lastLine = result.output().strip().lines().reduce((first, second) -> second).orElse("");
        if (result.status() != 0 || !lastLine.startsWith("{")) {
            throw new AssertionError("lb-client.js failed (status " + result.status() + "):\n" + result.output());
        }
        return new LbClientRun(JSON.readTree(lastLine), result.output());
    }

    List<JsonNode> clients(String kind) {
        return StreamSupport.stream(report.get("clients").spliterator(), false)
                .filter(client -> client.get("kind").asText().equals(kind))
                .toList();
    }

    List<JsonNode> allClients() {
        return StreamSupport.stream(report.get("clients").spliterator(), false).toList();
    }

    /** Texts sent in every chat round by the clients connected at that time. */
    List<String> sentTexts() {
        List<String> texts = new ArrayList<>();
        report.get("rounds").forEach(round -> round.get("texts").forEach(text -> texts.add(text.asText())));
        return texts;
    }

    @Override
    public String toString() {
        return report.toPrettyString();
    }
}

package io.roomcast.node.observability;

import io.roomcast.node.ToolProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.node.NodeRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Prometheus scraping the nodes' management ports every second under the job name {@value #JOB} (the
 * convention the alert rules and the local cluster use) and evaluating the project's alert rules every second.
 */
final class PrometheusServer implements AutoCloseable {

    static final String JOB = "roomcast";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolProcess process;
    private final Path dataDir;
    private final String baseUrl;

    private PrometheusServer(ToolProcess process, Path dataDir, String baseUrl) {
        this.process = process;
        this.dataDir = dataDir;
        this.baseUrl = baseUrl;
    }

    static PrometheusServer start(List<NodeRuntime> nodes, Path ruleFile) {
        Path binary = ExternalTool.PROMETHEUS.path();
        try {
            Path dataDir = Files.createTempDirectory("roomcast-prometheus-");
            Path config = dataDir.resolve("prometheus.yml");
            Files.writeString(config, config(nodes, ruleFile));
            int port = ToolProcess.freePort();
            ToolProcess process = ToolProcess.start("prometheus", List.of(binary.toString(),
                            "--config.file=" + config, "--storage.tsdb.path=" + dataDir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
                    dataDir, Map.of());
            process.awaitPort(port, Duration.ofSeconds(30));
            PrometheusServer server = new PrometheusServer(process, dataDir, "http://127.0.0.1:" + port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Prometheus configuration", e);
        }
    }

    private static String config(List<NodeRuntime> nodes, Path ruleFile) {
        String targets = nodes.stream()
                .map(node -> "'127.0.0.1:" + node.managementPort() + "'")
                .collect(Collectors.joining(", "));
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(ruleFile.toAbsolutePath(), JOB, targets);
    }

    private void awaitReady() {
        Polling.until("Prometheus ready", () -> TwoNodeCluster.get(baseUrl + "/-/ready").statusCode(),
                status -> status == 200);
    }

    /** Waits until every target of the job has been scraped successfully. */
    void awaitTargetsUp(int count) {
        Polling.until(count + " targets up", () -> query("sum(up{job=\"" + JOB + "\"})"),
                result -> result.size() == 1 && value(result.get(0)) == count);
    }

    /**
     * Runs an instant query through {@code /api/v1/query} and returns {@code data.result}; fails when Prometheus
     * answers anything but {@code status: success}.
     */
    JsonNode query(String promql) {
        JsonNode body = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed: " + promql + " -> " + body);
        }
        return body.path("data").path("result");
    }

    /** The rule groups Prometheus loaded, from {@code /api/v1/rules}. */
    List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : api("/api/v1/rules").path("data").path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    JsonNode api(String pathAndQuery) {
        HttpResponse<String> response = TwoNodeCluster.get(baseUrl + pathAndQuery);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Prometheus answered " + response.statusCode() + " with no JSON: "
                    + response.body(), e);
        }
    }

    /** The number in one instant-vector sample {@code {"metric":{...},"value":[time,"number"]}}. */
    static double value(JsonNode sample) {
        return Double.parseDouble(sample.path("value").path(1).asText());
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}

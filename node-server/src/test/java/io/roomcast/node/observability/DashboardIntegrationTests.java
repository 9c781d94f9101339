package io.roomcast.node.observability;

import io.roomcast.cluster.metrics.RoomcastMeters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.node.RawSocketIoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm/roomcast/files/dashboards/roomcast.json} is an importable Grafana dashboard whose every query names
 * only series that a live node exports (after a broadcast crossed the cluster, so lazily created meters exist).
 */
class DashboardIntegrationTests {

    private static final String DATASOURCE_UID = "${datasource}";

    private static JsonNode dashboard;
    private static TwoNodeCluster cluster;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void readDashboardAndStartCluster() throws Exception {
        dashboard = new ObjectMapper().readTree(ProjectFiles.dashboard().toFile());
        cluster = TwoNodeCluster.start();
        try (RawSocketIoClient onA = RawSocketIoClient.connect(cluster.nodeA.port());
             RawSocketIoClient onB = RawSocketIoClient.connect(cluster.nodeB.port())) {
            assertThat(onA.emitWithAck("join", "\"dash\"")).contains("\"ok\":true");
            assertThat(onB.emitWithAck("join", "\"dash\"")).contains("\"ok\":true");
            assertThat(onA.emitWithAck("message", "{\"room\":\"dash\",\"text\":\"hi\"}")).contains("\"ok\":true");
            onB.awaitEvent("message");
        }
        prometheus = PrometheusServer.start(cluster.nodes(), ProjectFiles.alertRules());
        prometheus.awaitTargetsUp(2);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldOfferADatasourceVariableAndANodeVariable() {
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        JsonNode datasource = variable("datasource");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        JsonNode node = variable("node");
        assertThat(node.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE_UID);
        assertThat(node.path("query").path("query").asText()).isEqualTo("label_values(roomcast_node_info, node)");
        assertThat(node.path("includeAll").asBoolean()).isTrue();
    }

    @Test
    void shouldQueryEveryPanelThroughTheDatasourceVariable() {
        for (JsonNode panel : queryPanels()) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo(DATASOURCE_UID);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE_UID);
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
    }

    @Test
    void shouldHaveAPanelForEverythingTheOperatorsAskedFor() {
        List<String> titles = queryPanels().stream().map(panel -> panel.path("title").asText()).toList();
        for (String topic : List.of("Connected clients", "Handshakes/s", "Handshake error", "Deliveries/s",
                "Fan-out histogram", "Pub/sub latency p50 / p99", "Request timeouts", "Redis connection",
                "Heap used", "GC pause", "Recoveries/s by result", "Replayed packets/s", "Stream lag")) {
            assertThat(titles).as("a panel about " + topic).anyMatch(title -> title.contains(topic));
        }
    }

    @Test
    void shouldNameOnlySeriesThatTheNodesExport() {
        // Micrometer's JvmGcMetrics creates jvm_gc_pause_seconds at the first GC notification; a node that has run
        // for a while always has had one, a node started a second ago may not. Make the first GC happen.
        System.gc();
        Set<String> exported = new HashSet<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        do {
            exported.clear();
            cluster.nodes().forEach(node -> exported.addAll(ExportedMetricNames.of(TwoNodeCluster.scrape(node))));
        } while (!exported.contains("jvm_gc_pause_seconds_count") && System.nanoTime() < deadline);
        assertThat(exported).as("series on /metrics").contains("roomcast_node_info");
        // a classic-adapter cluster has no stream; these series are the streams adapter's (ADAPTER=redis-streams)
        exported.addAll(RoomcastMeters.STREAMS_ONLY_SERIES);

        Map<String, Set<String>> unknownByPanel = new TreeMap<>();
        Set<String> named = new TreeSet<>();
        for (JsonNode panel : queryPanels()) {
            for (JsonNode target : panel.path("targets")) {
                Set<String> names = PromQlMetricNames.of(target.path("expr").asText());
                named.addAll(names);
                Set<String> unknown = new TreeSet<>(names);
                unknown.removeAll(exported);
                if (!unknown.isEmpty()) {
                    unknownByPanel.computeIfAbsent(panel.path("title").asText(), title -> new TreeSet<>())
                            .addAll(unknown);
                }
            }
        }
        assertThat(named).as("series the dashboard shows").hasSizeGreaterThan(20);
        assertThat(unknownByPanel).as("panels naming series no node exports").isEmpty();
    }

    @Test
    void shouldRunEveryPanelQueryOnARealPrometheus() {
        for (JsonNode panel : queryPanels()) {
            for (JsonNode target : panel.path("targets")) {
                String promql = withGrafanaVariables(target.path("expr").asText());
                // query() fails on anything but status "success" (a parse or evaluation error).
                assertThat(prometheus.query(promql)).as("%s: %s", panel.path("title").asText(), promql).isNotNull();
            }
        }
        assertThat(prometheus.query(withGrafanaVariables("sum(roomcast_connections{node=~\"$node\"})")))
                .as("the All value of the node variable selects every node").hasSize(1);
    }

    @Test
    void shouldListBothNodesInTheNodeVariable() {
        JsonNode values = Polling.until("node label values", () -> prometheus.api(
                        "/api/v1/label/node/values?match%5B%5D=roomcast_node_info").path("data"),
                data -> data.size() == 2);
        assertThat(values).extracting(JsonNode::asText)
                .containsExactly(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B);
    }

    /** What Grafana sends for the dashboard's variables: All nodes, a rate interval of four 1 s scrapes. */
    private static String withGrafanaVariables(String expr) {
        return expr.replace("$__rate_interval", "4s")
                .replace("node=~\"$node\"", "node=~\"" + variable("node").path("allValue").asText() + "\"");
    }

    private static JsonNode variable(String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }

    /** Every panel except rows, rows' nested panels included. */
    private static List<JsonNode> queryPanels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        assertThat(panels).isNotEmpty();
        return panels;
    }
}

package io.roomcast.node.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.node.RawSocketIoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus scrapes two nodes under a load the test knows: 5 WebSocket clients on node A and 3 on node B
 * join one room and one message is sent, so the cluster has 8 connections and made 8 deliveries (5 local on A,
 * 3 remote on B). PromQL through the HTTP API must return exactly those numbers.
 */
class PrometheusScrapeIntegrationTests {

    private static final String ROOM = "observability";

    private static TwoNodeCluster cluster;
    private static PrometheusServer prometheus;
    private static final List<RawSocketIoClient> clients = new ArrayList<>();

    @BeforeAll
    static void startClusterUnderKnownLoad() throws Exception {
        cluster = TwoNodeCluster.start();
        prometheus = PrometheusServer.start(cluster.nodes(), ProjectFiles.alertRules());
        for (int i = 0; i < 5; i++) {
            clients.add(RawSocketIoClient.connect(cluster.nodeA.port()));
        }
        for (int i = 0; i < 3; i++) {
            clients.add(RawSocketIoClient.connect(cluster.nodeB.port()));
        }
        for (RawSocketIoClient client : clients) {
            assertThat(client.emitWithAck("join", "\"" + ROOM + "\"")).contains("\"ok\":true");
        }
        assertThat(clients.get(0).emitWithAck("message", "{\"room\":\"" + ROOM + "\",\"text\":\"hello\"}"))
                .contains("\"ok\":true");
        for (RawSocketIoClient client : clients) {
            assertThat(client.awaitEvent("message")).contains("\"text\":\"hello\"");
        }
        prometheus.awaitTargetsUp(2);
    }

    @AfterAll
    static void stop() {
        clients.forEach(RawSocketIoClient::close);
        if (prometheus != null) {
            prometheus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldCountEveryConnectedClientInTotalAndPerNode() {
        assertThat(awaitValue("sum(roomcast_connections)", 8)).isEqualTo(8);
        Map<String, Double> perNode = Map.of(TwoNodeCluster.NODE_A, 5.0, TwoNodeCluster.NODE_B, 3.0);
        assertThat(awaitByLabel("sum by (node) (roomcast_connections)", "node", perNode)).isEqualTo(perNode);
    }

    @Test
    void shouldCountEveryDeliveryOfTheBroadcastLocalAndRemote() {
        // The joins' presence notices are broadcasts too, delivered while the clients join (their number races with
        // the joins across nodes), so the message's deliveries are read from the per-event counter: 5 on node A,
        // where it was sent, and 3 on node B.
        assertThat(awaitValue("sum(roomcast_events_sent_total{event=\"message\"})", 8)).isEqualTo(8);
        Map<String, Double> perNode = Map.of(TwoNodeCluster.NODE_A, 5.0, TwoNodeCluster.NODE_B, 3.0);
        assertThat(awaitByLabel("sum by (node) (roomcast_events_sent_total{event=\"message\"})", "node", perNode))
                .isEqualTo(perNode);
        assertThat(awaitValue("sum(roomcast_broadcast_deliveries_sum{origin=\"remote\"}) > bool 0", 1))
                .as("node B's deliveries came through the adapter").isEqualTo(1);
    }

    @Test
    void shouldReportRedisUpAndOneInfoSeriesOnEachNode() {
        Map<String, Double> oneOnEachNode = Map.of(TwoNodeCluster.NODE_A, 1.0, TwoNodeCluster.NODE_B, 1.0);
        assertThat(awaitByLabel("roomcast_cluster_redis_up", "node", oneOnEachNode)).isEqualTo(oneOnEachNode);
        assertThat(awaitByLabel("count by (node) (roomcast_node_info)", "node", oneOnEachNode))
                .isEqualTo(oneOnEachNode);
    }

    /** Polls a one-sample query until it returns {@code expected} (scrapes lag up to a second); returns the last value. */
    private static double awaitValue(String promql, double expected) {
        JsonNode result = Polling.until(promql + " == " + expected, () -> prometheus.query(promql),
                samples -> samples.size() == 1 && PrometheusServer.value(samples.get(0)) == expected);
        return PrometheusServer.value(result.get(0));
    }

    /** Polls until the query returns one sample per expected label value with the expected numbers. */
    private static Map<String, Double> awaitByLabel(String promql, String label, Map<String, Double> expected) {
        return Polling.until(promql + " == " + expected, () -> byLabel(prometheus.query(promql), label),
                expected::equals);
    }

    private static Map<String, Double> byLabel(JsonNode result, String label) {
        Map<String, Double> values = new TreeMap<>();
        result.forEach(sample -> values.put(sample.path("metric").path(label).asText(), PrometheusServer.value(sample)));
        return values;
    }
}

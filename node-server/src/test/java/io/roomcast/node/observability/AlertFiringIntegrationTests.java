package io.roomcast.node.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The outage alerts react to the outage they name: a node that disappears, a Redis that dies. */
class AlertFiringIntegrationTests {

    private TwoNodeCluster cluster;
    private PrometheusServer prometheus;

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRaiseNodeDownForTheLostNodeAndRedisDisconnectedForTheNodeThatLostRedis() {
        cluster = TwoNodeCluster.start();
        prometheus = PrometheusServer.start(cluster.nodes(), ProjectFiles.alertRules());
        prometheus.awaitTargetsUp(2);
        String nodeBTarget = "127.0.0.1:" + cluster.nodeB.managementPort();

        cluster.closeNodeB();

        JsonNode down = Polling.until("RoomcastNodeDown pending", this::activeAlerts,
                alerts -> labelsOf(alerts, "RoomcastNodeDown", "instance").contains(nodeBTarget));
        assertThat(labelsOf(down, "RoomcastNodeDown", "instance")).containsExactly(nodeBTarget);
        assertThat(labelsOf(down, "RoomcastNodeDown", "severity")).containsExactly("critical");

        cluster.redis.close();

        JsonNode redis = Polling.until("RoomcastRedisDisconnected pending", this::activeAlerts,
                alerts -> !labelsOf(alerts, "RoomcastRedisDisconnected", "node").isEmpty());
        assertThat(labelsOf(redis, "RoomcastRedisDisconnected", "node")).containsExactly(TwoNodeCluster.NODE_A);
    }

    /** Pending and firing alerts from {@code /api/v1/alerts} (both rules wait 1 minute before firing). */
    private JsonNode activeAlerts() {
        return prometheus.api("/api/v1/alerts").path("data").path("alerts");
    }

    private static List<String> labelsOf(JsonNode alerts, String alertName, String label) {
        return StreamSupport.stream(alerts.spliterator(), false)
                .filter(alert -> alertName.equals(alert.path("labels").path("alertname").asText()))
                .map(alert -> alert.path("labels").path(label).asText())
                .sorted()
                .toList();
    }
}

package io.roomcast.node.observability;

import io.roomcast.node.ToolProcess;
import io.roomcast.cluster.metrics.RoomcastMeters;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm/roomcast/files/alerts/roomcast-alerts.yml} as Prometheus uses it: promtool accepts it, a real
 * Prometheus scraping two nodes evaluates every rule without error, no rule fires on a healthy cluster, and every
 * rule names only series that exist (or, for {@link RoomcastMeters#STREAMS_ONLY_SERIES}, would exist with
 * {@code ADAPTER=redis-streams}); promtool's unit tests show the recovery alerts firing on the series they watch.
 */
class AlertRulesIntegrationTests {

    static final Set<String> ALERTS = Set.of("RoomcastNodeDown", "RoomcastRedisDisconnected",
            "RoomcastPubSubLatencyHigh", "RoomcastRequestTimeouts", "RoomcastMessagesDropped",
            "RoomcastHandshakeErrorRatioHigh", "RoomcastConnectionDrop", "RoomcastRecoveryFailing",
            "RoomcastStreamLagging", "RoomcastRedisStalled", "RoomcastPublishTimeouts");

    private static TwoNodeCluster cluster;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startClusterAndPrometheus() {
        cluster = TwoNodeCluster.start();
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
    void shouldPassPromtoolCheckRules() {
        ToolProcess.Result result = ToolProcess.run("promtool", List.of(ExternalTool.PROMTOOL.path().toString(),
                        "check", "rules", ProjectFiles.alertRules().toString()),
                ProjectFiles.moduleDir(), Map.of(), Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
    }

    @Test
    void shouldPassPromtoolUnitTestsOfTheRecoveryAlerts() {
        ToolProcess.Result result = ToolProcess.run("promtool", List.of(ExternalTool.PROMTOOL.path().toString(),
                        "test", "rules", ProjectFiles.alertRuleTests().getFileName().toString()),
                ProjectFiles.alertRuleTests().getParent(), Map.of(), Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    /** A frozen Redis (stalled) and late publishes (publish_timeout) fire their own alerts, not "dropped". */
    @Test
    void shouldPassPromtoolUnitTestsOfTheRedisStallAndTimeoutAlerts() {
        ToolProcess.Result result = ToolProcess.run("promtool", List.of(ExternalTool.PROMTOOL.path().toString(),
                        "test", "rules", ProjectFiles.redisAlertRuleTests().getFileName().toString()),
                ProjectFiles.redisAlertRuleTests().getParent(), Map.of(), Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void shouldEvaluateEveryRuleWithoutErrorAndFireNoneOnAHealthyCluster() {
        List<JsonNode> rules = Polling.until("every rule evaluated", prometheus::rules,
                loaded -> loaded.size() == ALERTS.size() && loaded.stream().allMatch(
                        rule -> !rule.path("lastEvaluation").asText().startsWith("0001")));

        assertThat(rules).extracting(rule -> rule.path("name").asText()).containsExactlyInAnyOrderElementsOf(ALERTS);
        Map<String, String> health = new TreeMap<>();
        rules.forEach(rule -> health.put(rule.path("name").asText(),
                rule.path("health").asText() + " " + rule.path("lastError").asText()));
        assertThat(health).as("rule health after evaluation").allSatisfy(
                (name, state) -> assertThat(state).startsWith("ok"));
        for (JsonNode rule : rules) {
            String expr = rule.path("query").asText();
            assertThat(prometheus.query(expr)).as("%s on a healthy cluster: %s", rule.path("name").asText(), expr)
                    .isEmpty();
        }
    }

    @Test
    void shouldNameOnlySeriesThatTheNodesExport() {
        Set<String> exported = new HashSet<>(Set.of("up"));
        // a classic-adapter cluster has no stream; these series are the streams adapter's (ADAPTER=redis-streams)
        exported.addAll(RoomcastMeters.STREAMS_ONLY_SERIES);
        cluster.nodes().forEach(node -> exported.addAll(ExportedMetricNames.of(TwoNodeCluster.scrape(node))));
        Map<String, Set<String>> unknown = new TreeMap<>();
        for (JsonNode rule : prometheus.rules()) {
            Set<String> names = new java.util.TreeSet<>(PromQlMetricNames.of(rule.path("query").asText()));
            names.removeAll(exported);
            if (!names.isEmpty()) {
                unknown.put(rule.path("name").asText(), names);
            }
        }
        assertThat(unknown).as("series named by alert rules but not exported by a node "
                + "(counters must exist at 0 before their first increment, or increase() misses it)").isEmpty();
    }
}

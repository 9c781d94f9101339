package io.roomcast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** ServiceMonitor, PrometheusRule and the Grafana dashboard, and that the rule and dashboard files exist once. */
class MonitoringTests {

    /** As on a cluster with the Prometheus Operator. */
    private final Manifests defaults = ChartRenderer.chart().withApi("monitoring.coreos.com/v1").render();

    @Test
    void shouldRenderMonitoringObjectsOnlyWhereTheirApiExistsUnlessForced() {
        var plain = ChartRenderer.chart().render();
        var forced = ChartRenderer.chart().set("metrics.serviceMonitor.enabled", true)
                .set("metrics.prometheusRule.enabled", true).render();
        var off = ChartRenderer.chart().withApi("monitoring.coreos.com/v1").values("monitoring-off.yaml").render();

        assertThat(plain.kinds()).doesNotContain("ServiceMonitor", "PrometheusRule").contains("ConfigMap");
        assertThat(plain.oneGeneric("ServiceMonitor")).isEmpty();
        assertThat(defaults.kinds()).contains("ServiceMonitor", "PrometheusRule");
        assertThat(forced.kinds()).contains("ServiceMonitor", "PrometheusRule");
        assertThat(off.kinds()).doesNotContain("ServiceMonitor", "PrometheusRule");
    }

    @Test
    void shouldScrapeMetricsThroughTheInternalServiceOnly() {
        GenericKubernetesResource monitor = defaults.oneGeneric("ServiceMonitor").orElseThrow();
        Map<String, String> selector = Manifests.field(monitor, "spec", "selector", "matchLabels");
        List<Map<String, Object>> endpoints = Manifests.field(monitor, "spec", "endpoints");
        Service internal = defaults.named(Service.class, ChartRenderer.FULLNAME + "-internal");
        Service client = defaults.named(Service.class, ChartRenderer.FULLNAME);

        assertThat(internal.getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(client.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .as("the client Service must not be scraped").isFalse();
        assertThat(endpoints).singleElement().satisfies(endpoint -> {
            assertThat(endpoint).containsEntry("port", TrafficTests.onlyPort(internal).getName())
                    .containsEntry("path", "/metrics");
        });
        assertThat((List<String>) Manifests.field(monitor, "spec", "namespaceSelector", "matchNames"))
                .containsExactly(ChartRenderer.NAMESPACE);
    }

    @Test
    void shouldNameTheScrapeJobRoomcastWhateverTheReleaseIsCalled() {
        GenericKubernetesResource monitor = defaults.oneGeneric("ServiceMonitor").orElseThrow();
        String jobLabel = Manifests.field(monitor, "spec", "jobLabel");
        Service internal = defaults.named(Service.class, ChartRenderer.FULLNAME + "-internal");

        assertThat(internal.getMetadata().getLabels()).containsEntry(jobLabel, "roomcast");
    }

    @Test
    void shouldHoldExactlyTheAlertFilesRulesInThePrometheusRule() {
        Path alerts = ChartFiles.embedded(ChartFiles.ALERTS);
        GenericKubernetesResource rule = defaults.oneGeneric("PrometheusRule").orElseThrow();

        JsonNode spec = ChartFiles.tree(rule.getAdditionalProperties().get("spec"));
        JsonNode file = ChartFiles.yaml(alerts);
        assertThat(file.path("groups").size()).as("groups in " + alerts).isPositive();
        assertThat(spec).isEqualTo(file);
    }

    @Test
    void shouldShipTheDashboardFileToGrafanasSidecar() {
        Path dashboard = ChartFiles.embedded(ChartFiles.DASHBOARD);
        ConfigMap configMap = defaults.named(ConfigMap.class, ChartRenderer.FULLNAME + "-dashboard");

        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(ChartFiles.json(configMap.getData().get("roomcast.json"))).isEqualTo(ChartFiles.json(dashboard));
    }

    @Test
    void shouldRenderNoMonitoringObjectsWhenMonitoringIsOff() {
        var manifests = ChartRenderer.chart().values("monitoring-off.yaml").render();

        assertThat(manifests.generic("ServiceMonitor")).isEmpty();
        assertThat(manifests.generic("PrometheusRule")).isEmpty();
        assertThat(manifests.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                .containsExactly(ChartRenderer.FULLNAME);
        assertThat(manifests.named(Service.class, ChartRenderer.FULLNAME + "-internal")).isNotNull();
    }

    @Test
    void shouldKeepOneCopyOfTheDashboardAndAlertFilesInTheRepository() throws IOException {
        Path root = ChartFiles.repositoryRoot();
        for (String relative : List.of(ChartFiles.ALERTS, ChartFiles.DASHBOARD)) {
            Path original = ChartFiles.embedded(relative);
            String name = original.getFileName().toString();
            try (Stream<Path> files = Files.walk(root)) {
                List<Path> copies = files
                        .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/")
                                && !p.toString().contains("/.git/"))
                        .filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p))
                        .collect(Collectors.toList());
                assertThat(copies).as("files named " + name + " (refer to " + relative + " instead of copying it)")
                        .containsExactly(original);
            }
        }
    }
}

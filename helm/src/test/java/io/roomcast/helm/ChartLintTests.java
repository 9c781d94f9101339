package io.roomcast.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTests {

    @Test
    void shouldPassStrictLintWithDefaults() {
        var result = ChartRenderer.lintStrict();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production.yaml", "hpa.yaml", "ingress-off.yaml", "ip-hash.yaml", "gateway-api.yaml",
            "bundled-redis.yaml", "monitoring-off.yaml", "ingress-nginx.yaml", "ingress-traefik.yaml",
            "ingress-haproxy.yaml", "gateway-envoy.yaml"})
    void shouldRenderEveryValueSetIntoValidObjects(String valuesFile) {
        var manifests = ChartRenderer.chart().values(valuesFile).render();

        assertThat(manifests.all()).isNotEmpty().allSatisfy(object -> {
            assertThat(object.getApiVersion()).isNotBlank();
            assertThat(object.getMetadata().getName()).isNotBlank().hasSizeLessThanOrEqualTo(63);
            assertThat(object.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/instance", ChartRenderer.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
            assertThat(UnknownFields.in(object)).as("fields of %s/%s unknown to Kubernetes' model",
                    object.getKind(), object.getMetadata().getName()).isEmpty();
        });
    }

    @Test
    void shouldRenderOnlyCoreKubernetesObjectsWithDefaults() {
        // A plain cluster: no Prometheus Operator, no Gateway named, no Ingress controller chosen.
        var manifests = ChartRenderer.chart().render();

        assertThat(manifests.kinds()).containsExactlyInAnyOrder(
                "ConfigMap", "ConfigMap", "Deployment", "NetworkPolicy", "PodDisruptionBudget",
                "Service", "Service", "ServiceAccount");
        assertThat(manifests.all()).allSatisfy(object -> assertThat(object.getApiVersion())
                .isIn("v1", "apps/v1", "networking.k8s.io/v1", "policy/v1"));
    }

    @Test
    void shouldAddTheMonitoringObjectsWhereThePrometheusOperatorApiExists() {
        var manifests = ChartRenderer.chart().withApi("monitoring.coreos.com/v1").render();

        assertThat(manifests.kinds()).contains("PrometheusRule", "ServiceMonitor");
    }
}

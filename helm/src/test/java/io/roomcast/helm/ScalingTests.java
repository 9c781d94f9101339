package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HPA and PDB. */
class ScalingTests {

    @Test
    void shouldRunAFixedReplicaCountWhenAutoscalingIsOff() {
        var manifests = ChartRenderer.chart().render();

        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.nodeDeployment().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void shouldScaleOnCpuAndConnectionsPerPodAndLeaveReplicasToTheHpa() {
        var manifests = ChartRenderer.chart().values("hpa.yaml").render();
        HorizontalPodAutoscaler hpa = manifests.one(HorizontalPodAutoscaler.class);

        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(manifests.nodeDeployment().getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType).containsExactly("Resource", "Pods");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        var pods = hpa.getSpec().getMetrics().get(1).getPods();
        assertThat(pods.getMetric().getName()).isEqualTo("roomcast_connections");
        assertThat(pods.getTarget().getAverageValue()).isEqualTo(new Quantity("8000"));
        assertThat(manifests.nodeDeployment().getSpec().getReplicas()).as("replicas belong to the HPA").isNull();
    }

    @Test
    void shouldScaleDownSlowlyBecauseEveryRemovedPodReconnectsItsClients() {
        var behavior = ChartRenderer.chart().values("hpa.yaml").render().one(HorizontalPodAutoscaler.class)
                .getSpec().getBehavior();

        assertThat(behavior.getScaleDown().getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(300);
        assertThat(behavior.getScaleDown().getPolicies()).singleElement().satisfies(policy -> {
            assertThat(policy.getType()).isEqualTo("Pods");
            assertThat(policy.getValue()).isEqualTo(1);
        });
    }

    @Test
    void shouldRefuseAnHpaWithoutAMetric() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("autoscaling.enabled", true)
                .set("autoscaling.targetCPUUtilizationPercentage", "null").render())
                .hasMessageContaining("autoscaling needs a metric");
    }

    @Test
    void shouldLetVoluntaryDisruptionsTakeOnePodAtATime() {
        var manifests = ChartRenderer.chart().render();
        PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class);

        assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(manifests.nodeDeployment().getSpec().getSelector().getMatchLabels());
    }
}

package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The node pods: ports, probes, drain timing, rollout, placement, hardening. */
class DeploymentTests {

    private final Manifests defaults = ChartRenderer.chart().render();

    @Test
    void shouldGiveTheJvmTheImagesOwnFlagsByDefault() throws Exception {
        // One source for both: node-server/pom.xml's image.jvmOptions, which Jib writes into the image's
        // JAVA_TOOL_OPTIONS (chosen in BENCHMARKS.md, "Memory under load").
        String pom = Files.readString(ChartFiles.repositoryRoot().resolve("node-server/pom.xml"));
        Matcher imageFlags = Pattern.compile("<image.jvmOptions>([^<]+)</image.jvmOptions>").matcher(pom);
        assertThat(imageFlags.find()).as("image.jvmOptions in node-server/pom.xml").isTrue();

        assertThat(NodeEnvironmentTests.env(nodeContainer(defaults), "JAVA_TOOL_OPTIONS").getValue())
                .isEqualTo(imageFlags.group(1));
        var resources = nodeContainer(defaults).getResources();
        assertThat(resources.getRequests().get("memory")).as("memory request = limit: the heap is sized from the limit")
                .isEqualTo(resources.getLimits().get("memory"));
    }

    @Test
    void shouldExposeTheNodesClientAndManagementPortsFromItsConfiguration() {
        Map<String, String> node = NodeConfiguration.variables();
        Container container = nodeContainer(defaults);

        Map<String, Integer> ports = container.getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of(
                "client", Integer.parseInt(node.get("PORT")),
                "management", Integer.parseInt(node.get("MANAGEMENT_PORT"))));
        Map<String, String> env = defaults.nodeEnvironment().getData();
        assertThat(env).containsEntry("PORT", node.get("PORT")).containsEntry("MANAGEMENT_PORT",
                node.get("MANAGEMENT_PORT"));
    }

    @Test
    void shouldMoveBothPortsTogetherWhenTheValuesChangeThem() {
        var manifests = ChartRenderer.chart().set("ports.client", 8080).set("ports.management", 8081).render();

        Container container = nodeContainer(manifests);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(8080, 8081);
        assertThat(manifests.nodeEnvironment().getData())
                .containsEntry("PORT", "8080").containsEntry("MANAGEMENT_PORT", "8081");
        assertThat(container.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("management"));
    }

    @Test
    void shouldProbeTheHealthEndpointsOnTheManagementPort() {
        Container container = nodeContainer(defaults);

        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(java.util.List.of(container.getLivenessProbe(), container.getStartupProbe(),
                container.getReadinessProbe()))
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("management")));
    }

    @Test
    void shouldGiveTheNodeMoreTimeThanPreStopPlusItsShutdownGrace() {
        for (Manifests manifests : java.util.List.of(defaults,
                ChartRenderer.chart().set("shutdownGraceSeconds", 120).set("lifecycle.preStopSleepSeconds", 20)
                        .render())) {
            Deployment deployment = manifests.nodeDeployment();
            Container container = nodeContainer(manifests);
            Duration shutdownGrace = Durations.parse(manifests.nodeEnvironment().getData().get("SHUTDOWN_GRACE"));
            long preStop = Long.parseLong(container.getLifecycle().getPreStop().getExec().getCommand().get(1));

            assertThat(container.getLifecycle().getPreStop().getExec().getCommand().get(0)).isEqualTo("sleep");
            assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .isGreaterThan(preStop + shutdownGrace.toSeconds());
        }
    }

    @Test
    void shouldUseKubernetesSleepActionForImagesWithoutAShell() {
        Container container = nodeContainer(ChartRenderer.chart().set("lifecycle.preStopMode", "sleep").render());

        assertThat(container.getLifecycle().getPreStop().getExec()).isNull();
        assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(10L);
    }

    @Test
    void shouldRollWithoutEverLosingAReadyPod() {
        var rollingUpdate = defaults.nodeDeployment().getSpec().getStrategy().getRollingUpdate();

        assertThat(rollingUpdate.getMaxUnavailable()).isEqualTo(new IntOrString(0));
        assertThat(rollingUpdate.getMaxSurge()).isEqualTo(new IntOrString(1));
    }

    @Test
    void shouldSpreadPodsOverNodesAndZones() {
        Deployment deployment = defaults.nodeDeployment();
        var constraints = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();

        assertThat(constraints).extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(constraints).allSatisfy(c -> assertThat(c.getLabelSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels()));
    }

    @Test
    void shouldRunAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
        var pod = defaults.nodeDeployment().getSpec().getTemplate().getSpec();
        Container container = nodeContainer(defaults);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void shouldRequestAndLimitResources() {
        var resources = nodeContainer(defaults).getResources();

        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsEntry("memory", new Quantity("1Gi"));
    }

    @Test
    void shouldRollThePodsWhenTheConfigurationOrSecretReferencesChange() {
        Map<String, String> before = podAnnotations(defaults);
        Map<String, String> newConfig = podAnnotations(ChartRenderer.chart().set("config.logLevel", "DEBUG").render());
        Map<String, String> newSecret = podAnnotations(
                ChartRenderer.chart().set("auth.existingSecret", "other-jwt").render());

        assertThat(before).containsKeys("checksum/config", "checksum/secret");
        assertThat(newConfig.get("checksum/config")).isNotEqualTo(before.get("checksum/config"));
        assertThat(newConfig.get("checksum/secret")).isEqualTo(before.get("checksum/secret"));
        assertThat(newSecret.get("checksum/secret")).isNotEqualTo(before.get("checksum/secret"));
    }

    @Test
    void shouldUseTheConfiguredImage() {
        var manifests = ChartRenderer.chart().values("production.yaml").render();

        assertThat(nodeContainer(manifests).getImage()).isEqualTo("registry.example.com/roomcast/node-server:1.2.3");
        assertThat(nodeContainer(defaults).getImage()).startsWith("roomcast/node-server:");
    }

    static Container nodeContainer(Manifests manifests) {
        var containers = manifests.nodeDeployment().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> podAnnotations(Manifests manifests) {
        return manifests.nodeDeployment().getSpec().getTemplate().getMetadata().getAnnotations();
    }
}

package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The `helm test` pod: an Engine.IO handshake through the client Service, then readiness on the internal one. */
class HelmTestHookTests {

    @Test
    void shouldHandshakeThroughTheClientServiceAndCheckReadiness() throws Exception {
        Pod pod = ChartRenderer.chart().testPod().one(Pod.class);
        Container container = pod.getSpec().getContainers().get(0);
        Map<String, String> env = container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        String script = String.join("\n", container.getCommand());

        assertThat(Files.readString(ChartFiles.chartDirectory().resolve("templates/tests/test-connection.yaml")))
                .contains("include \"roomcast.testPod\" (dict \"root\" $ \"hook\" true)");
        assertThat(Files.readString(ChartFiles.chartDirectory().resolve("templates/_helpers.tpl")))
                .contains("\"helm.sh/hook\": test");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(env).containsEntry("HANDSHAKE_URL",
                        "http://" + ChartRenderer.FULLNAME + ":3000/socket.io/?EIO=4&transport=polling")
                .containsEntry("READY_URL", "http://" + ChartRenderer.FULLNAME + "-internal:9091/health/ready");
        assertThat(script).contains("curl -fsS").contains("\"$HANDSHAKE_URL\"").contains("\"$READY_URL\"")
                .contains("'0{\"sid\":'*)").contains("exit 1");
        assertThat(container.getImage()).isEqualTo("curlimages/curl:8.11.1");
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(pod.getMetadata().getLabels()).containsEntry("roomcast.io/test", "true");
    }

    @Test
    void shouldFollowTheServicePortsTheChartIsGiven() throws Exception {
        Pod pod = ChartRenderer.chart().set("service.port", 80).set("internalService.port", 9000).testPod()
                .one(Pod.class);

        assertThat(pod.getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getValue)
                .contains("http://" + ChartRenderer.FULLNAME + ":80/socket.io/?EIO=4&transport=polling",
                        "http://" + ChartRenderer.FULLNAME + "-internal:9000/health/ready");
    }
}

package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** External Redis by default; the bundled one for trying the chart out. */
class RedisTests {

    private static final String REDIS = ChartRenderer.FULLNAME + "-redis";

    @Test
    void shouldUseTheExternalRedisServiceWithoutPasswordByDefault() {
        // No third-party chart's names: a Service "redis" (e.g. the official image) in the release namespace.
        var manifests = ChartRenderer.chart().render();
        Container node = DeploymentTests.nodeContainer(manifests);

        assertThat(manifests.all(Deployment.class)).hasSize(1);
        assertThat(NodeEnvironmentTests.env(node, "REDIS_URL").getValue()).isEqualTo("redis://redis:6379/0");
        assertThat(node.getEnv()).noneMatch(env -> env.getName().equals("REDIS_PASSWORD"));
    }

    @Test
    void shouldTakeTheRedisPasswordFromTheNamedSecret() {
        var manifests = ChartRenderer.chart().set("redis.external.existingSecret", "redis-auth").render();
        Container node = DeploymentTests.nodeContainer(manifests);

        assertThat(NodeEnvironmentTests.env(node, "REDIS_URL").getValue())
                .isEqualTo("redis://:$(REDIS_PASSWORD)@redis:6379/0");
        assertThat(NodeEnvironmentTests.env(node, "REDIS_PASSWORD").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("redis-auth");
                    assertThat(ref.getKey()).isEqualTo("redis-password");
                });
    }

    @Test
    void shouldRunASmallHardenedRedisAndPointTheNodesAtItWhenBundled() {
        var manifests = ChartRenderer.chart().values("bundled-redis.yaml").render();
        Deployment redis = manifests.named(Deployment.class, REDIS);
        Service service = manifests.named(Service.class, REDIS);
        Container node = DeploymentTests.nodeContainer(manifests);
        var pod = redis.getSpec().getTemplate().getSpec();

        assertThat(redis.getSpec().getReplicas()).isEqualTo(1);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(service.getSpec().getSelector()).isEqualTo(redis.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getSelector())
                .isNotEqualTo(manifests.nodeDeployment().getSpec().getSelector().getMatchLabels());
        assertThat(NodeEnvironmentTests.env(node, "REDIS_URL").getValue()).isEqualTo("redis://" + REDIS + ":6379/0");
        assertThat(node.getEnv()).extracting(EnvVar::getName).doesNotContain("REDIS_PASSWORD");
    }

    @Test
    void shouldLetOnlyTheNodesReachTheBundledRedis() {
        var manifests = ChartRenderer.chart().values("bundled-redis.yaml").render();
        NetworkPolicy policy = manifests.named(NetworkPolicy.class, REDIS);

        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule ->
                assertThat(rule.getFrom()).singleElement().satisfies(peer ->
                        assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(
                                manifests.nodeDeployment().getSpec().getSelector().getMatchLabels())));
    }
}

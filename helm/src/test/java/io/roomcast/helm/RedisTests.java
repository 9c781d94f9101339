package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shouldMountTheRedisTlsSecretAndNameItsFiles() {
        var manifests = ChartRenderer.chart().set("redis.external.url", "rediss://redis:6380/0")
                .set("redis.tlsSecret.name", "redis-client-tls").render();
        Container node = DeploymentTests.nodeContainer(manifests);
        var pod = manifests.nodeDeployment().getSpec().getTemplate().getSpec();

        assertThat(NodeEnvironmentTests.env(node, "REDIS_TLS_CA_FILE").getValue())
                .isEqualTo("/etc/roomcast/redis-tls/ca.crt");
        assertThat(NodeEnvironmentTests.env(node, "REDIS_TLS_CERT_FILE").getValue())
                .isEqualTo("/etc/roomcast/redis-tls/tls.crt");
        assertThat(NodeEnvironmentTests.env(node, "REDIS_TLS_KEY_FILE").getValue())
                .isEqualTo("/etc/roomcast/redis-tls/tls.key");
        assertThat(node.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/roomcast/redis-tls");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName()).containsExactly("redis-client-tls");

        Container caOnly = DeploymentTests.nodeContainer(ChartRenderer.chart()
                .set("redis.external.url", "rediss://redis:6380/0").set("redis.tlsSecret.name", "redis-ca")
                .set("redis.tlsSecret.clientCertificate", "false").render());
        assertThat(caOnly.getEnv()).extracting(EnvVar::getName).contains("REDIS_TLS_CA_FILE")
                .doesNotContain("REDIS_TLS_CERT_FILE", "REDIS_TLS_KEY_FILE");
        assertThat(DeploymentTests.nodeContainer(ChartRenderer.chart().render()).getEnv())
                .extracting(EnvVar::getName).doesNotContain("REDIS_TLS_CA_FILE");
    }

    @Test
    void shouldRefuseTheRedisTlsSecretWithoutRediss() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("redis.tlsSecret.name", "redis-client-tls").render())
                .hasMessageContaining("redis.tlsSecret needs a rediss:// Redis");
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

    @Test
    void shouldRunStandaloneByDefault() {
        assertThat(ChartRenderer.chart().render().nodeEnvironment().getData()).containsEntry("REDIS_MODE", "standalone")
                .doesNotContainKey("SUBSCRIPTION_MODE");
        assertThat(ChartRenderer.chart().set("adapter", "memory").set("replicaCount", 1).render().nodeEnvironment()
                .getData()).doesNotContainKey("REDIS_MODE");
    }

    @Test
    void shouldPassTheSeedsOfARedisClusterWithTheCredentialsOnTheFirst() {
        var manifests = ChartRenderer.chart().values("redis-cluster.yaml").render();
        Container node = DeploymentTests.nodeContainer(manifests);

        assertThat(manifests.nodeEnvironment().getData()).containsEntry("REDIS_MODE", "cluster");
        assertThat(NodeEnvironmentTests.env(node, "REDIS_URL").getValue()).isEqualTo("rediss://app:$(REDIS_PASSWORD)@"
                + "redis-cluster-0.redis-cluster:6379,redis-cluster-1.redis-cluster:6379,"
                + "redis-cluster-2.redis-cluster:6379");
        assertThat(NodeEnvironmentTests.env(node, "REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("redis-auth");
    }

    @Test
    void shouldPassASentinelUrlWithMasterNameAndDatabase() {
        var manifests = ChartRenderer.chart().values("redis-sentinel.yaml").render();
        Container node = DeploymentTests.nodeContainer(manifests);

        assertThat(manifests.nodeEnvironment().getData()).containsEntry("REDIS_MODE", "sentinel")
                .containsEntry("ADAPTER", "redis-streams");
        assertThat(NodeEnvironmentTests.env(node, "REDIS_URL").getValue()).isEqualTo("redis-sentinel://"
                + ":$(REDIS_PASSWORD)@redis-sentinel-0.redis-sentinel:26379,redis-sentinel-1.redis-sentinel:26379,"
                + "redis-sentinel-2.redis-sentinel:26379/1#roomcast");
    }

    @Test
    void shouldPassTheShardedAdapterAndItsSubscriptionMode() {
        Map<String, String> config = ChartRenderer.chart().values("redis-cluster.yaml").set("adapter", "redis-sharded")
                .set("subscriptionMode", "dynamic-private").render().nodeEnvironment().getData();

        assertThat(config).containsEntry("ADAPTER", "redis-sharded").containsEntry("SUBSCRIPTION_MODE", "dynamic-private");
    }

    @Test
    void shouldPassTheClassicAdaptersDynamicPrivateMode() {
        Map<String, String> config = ChartRenderer.chart().set("subscriptionMode", "dynamic-private").render()
                .nodeEnvironment().getData();

        assertThat(config).containsEntry("ADAPTER", "redis").containsEntry("SUBSCRIPTION_MODE", "dynamic-private");
    }

    @Test
    void shouldRefuseTopologiesTheNodeRefuses() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("redis.mode", "cluster").render())
                .hasMessageContaining("redis.mode cluster needs redis.cluster.seeds");
        assertThatThrownBy(() -> ChartRenderer.chart().set("redis.mode", "sentinel").render())
                .hasMessageContaining("redis.mode sentinel needs redis.sentinel.sentinels");
        assertThatThrownBy(() -> ChartRenderer.chart().values("redis-cluster.yaml").set("adapter", "redis-streams")
                .render()).hasMessageContaining("adapter redis-streams does not run with redis.mode cluster");
        assertThatThrownBy(() -> ChartRenderer.chart().set("subscriptionMode", "dynamic").render())
                .hasMessageContaining("subscriptionMode dynamic needs adapter: redis-sharded; adapter redis runs "
                        + "static or dynamic-private");
        assertThatThrownBy(() -> ChartRenderer.chart().values("redis-sentinel.yaml").set("adapter", "redis-streams")
                .set("subscriptionMode", "dynamic-private").render())
                .hasMessageContaining("subscriptionMode dynamic-private needs adapter: redis-sharded or redis");
        assertThatThrownBy(() -> ChartRenderer.chart().values("bundled-redis.yaml").set("redis.mode", "sentinel")
                .render()).hasMessageContaining("redis.bundled.enabled runs one standalone Redis");
        assertThatThrownBy(() -> ChartRenderer.chart().set("adapter", "redis-sharded")
                .set("recovery.maxDisconnection", "2m").render())
                .hasMessageContaining("the sharded redis-sharded adapter cannot recover sessions");
        assertThatThrownBy(() -> ChartRenderer.chart().set("redis.mode", "replicated").render())
                .hasMessageContaining("at '/redis/mode'");
    }

    @Test
    void shouldSayWhichRedisTopologyInTheNotes() {
        assertThat(ChartRenderer.chart().values("redis-cluster.yaml").set("adapter", "redis-sharded").notes())
                .contains("Redis Cluster (seeds): redis-cluster-0.redis-cluster:6379, "
                        + "redis-cluster-1.redis-cluster:6379, redis-cluster-2.redis-cluster:6379 over TLS "
                        + "(password from Secret redis-auth)")
                .contains("Adapter: redis-sharded");
        assertThat(ChartRenderer.chart().values("redis-sentinel.yaml").notes())
                .contains("Redis Sentinel: master roomcast through redis-sentinel-0.redis-sentinel:26379, "
                        + "redis-sentinel-1.redis-sentinel:26379, redis-sentinel-2.redis-sentinel:26379 "
                        + "(password from Secret redis-auth)");
        assertThat(ChartRenderer.chart().notes()).contains("Redis: redis://redis:6379/0");
    }
}

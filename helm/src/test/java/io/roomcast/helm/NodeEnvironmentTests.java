package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment the Deployment passes, checked against the node's configuration table (ConfigVariable). */
class NodeEnvironmentTests {

    /** Variables the pod gets that the node itself does not read, and why. */
    private static final Map<String, String> NOT_NODE_VARIABLES = Map.of(
            "REDIS_PASSWORD", "Kubernetes expands it into REDIS_URL as $(REDIS_PASSWORD)",
            "JAVA_TOOL_OPTIONS", "read by the JVM (heap size, exit on OutOfMemoryError)");

    /** Node defaults that are descriptions, not values; the chart sets these on purpose. */
    private static final Set<String> COMPUTED_DEFAULTS = Set.of("NODE_ID", "REDIS_URL", "JWT_SECRET", "ADAPTER",
            "REDIS_MODE", "SUBSCRIPTION_MODE");

    @Test
    void shouldPassExactlyTheNodesVariablesWhenEverySettingIsInUse() {
        var manifests = ChartRenderer.chart().values("production.yaml").render();

        Set<String> passed = new TreeSet<>(passedVariables(manifests));
        passed.removeAll(NOT_NODE_VARIABLES.keySet());

        assertThat(passed).as("variables the chart passes vs the node's configuration table")
                .containsExactlyInAnyOrderElementsOf(NodeConfiguration.variables().keySet());
    }

    @Test
    void shouldPassOnlyVariablesTheNodeOrTheJvmReads() {
        Set<String> known = new TreeSet<>(NodeConfiguration.variables().keySet());
        known.addAll(NOT_NODE_VARIABLES.keySet());

        for (String values : List.of("hpa.yaml", "bundled-redis.yaml", "gateway-api.yaml")) {
            assertThat(passedVariables(ChartRenderer.chart().values(values).render())).as(values)
                    .isSubsetOf(known);
        }
        assertThat(passedVariables(ChartRenderer.chart().render())).isSubsetOf(known);
    }

    @Test
    void shouldDefaultEverySettingToTheNodesOwnDefault() {
        Map<String, String> config = ChartRenderer.chart().render().nodeEnvironment().getData();

        NodeConfiguration.variables().forEach((name, nodeDefault) -> {
            if (config.containsKey(name) && !COMPUTED_DEFAULTS.contains(name)) {
                assertThat(config.get(name)).as(name).isEqualTo(nodeDefault);
            }
        });
        assertThat(config).containsKeys("PORT", "MANAGEMENT_PORT", "SHUTDOWN_GRACE", "PING_INTERVAL");
    }

    @Test
    void shouldPassCorsOriginsAsACommaListOnlyWhenSet() {
        assertThat(ChartRenderer.chart().render().nodeEnvironment().getData())
                .doesNotContainKeys("CORS_ORIGINS", "CORS_CREDENTIALS");

        Map<String, String> config = ChartRenderer.chart().values("production.yaml").render().nodeEnvironment()
                .getData();

        assertThat(config).containsEntry("CORS_ORIGINS", "https://app.example.com,https://admin.example.com:8443")
                .containsEntry("CORS_CREDENTIALS", "true");
    }

    @Test
    void shouldPassTheWriteBufferAndNettyTuning() {
        Map<String, String> config = ChartRenderer.chart().set("config.maxBufferedBytes", 16777216)
                .set("config.workerThreads", 4).set("config.nativeTransport", false).set("config.nettyTransport", "io_uring")
                .render().nodeEnvironment()
                .getData();

        assertThat(config).containsEntry("MAX_BUFFERED_BYTES", "16777216").containsEntry("WORKER_THREADS", "4")
                .containsEntry("NATIVE_TRANSPORT", "false").containsEntry("NETTY_TRANSPORT", "io_uring");
    }

    @Test
    void shouldRunTheClassicRedisAdapterWithoutRecoveryByDefault() {
        var manifests = ChartRenderer.chart().render();
        Map<String, String> config = manifests.nodeEnvironment().getData();

        assertThat(config).containsEntry("ADAPTER", "redis").containsEntry("STREAM_MAXLEN", "10000")
                .containsEntry("RECOVERY_SKIP_MIDDLEWARES", "true").containsEntry("DRAIN_SPREAD", "5s")
                .doesNotContainKey("RECOVERY_MAX_DISCONNECTION");
        assertThat(env(DeploymentTests.nodeContainer(manifests), "REDIS_URL").getValue())
                .isEqualTo("redis://redis:6379/0");
    }

    @Test
    void shouldPassTheStreamsAdapterAndRecovery() {
        Map<String, String> config = ChartRenderer.chart().set("adapter", "redis-streams")
                .set("recovery.maxDisconnection", "90s").set("recovery.skipMiddlewares", false)
                .set("redis.streamMaxLen", 50000).set("drainSpread", "30s").render().nodeEnvironment().getData();

        assertThat(config).containsEntry("ADAPTER", "redis-streams").containsEntry("RECOVERY_MAX_DISCONNECTION", "90s")
                .containsEntry("RECOVERY_SKIP_MIDDLEWARES", "false").containsEntry("STREAM_MAXLEN", "50000")
                .containsEntry("DRAIN_SPREAD", "30s");
    }

    @Test
    void shouldPassNoRedisToASinglePodInMemory() {
        var manifests = ChartRenderer.chart().set("adapter", "memory").set("replicaCount", 1)
                .set("recovery.maxDisconnection", "2m").set("redis.external.existingSecret", "redis-auth").render();
        Container container = DeploymentTests.nodeContainer(manifests);

        assertThat(manifests.nodeEnvironment().getData()).containsEntry("ADAPTER", "memory")
                .containsEntry("RECOVERY_MAX_DISCONNECTION", "2m");
        assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("REDIS_URL", "REDIS_PASSWORD");
    }

    @Test
    void shouldPassAdapterAndRecoveryTheNodeAccepts() {
        // the production set turns recovery on, so the node's cross-variable rules must hold on what it renders
        Map<String, String> config = ChartRenderer.chart().values("production.yaml").render().nodeEnvironment()
                .getData();

        assertThat(config).containsEntry("ADAPTER", "redis-streams").containsEntry("RECOVERY_MAX_DISCONNECTION", "2m");
        assertThat(Durations.parse(config.get("DRAIN_SPREAD")))
                .isLessThanOrEqualTo(Durations.parse(config.get("SHUTDOWN_GRACE")));
    }

    @Test
    void shouldNameEachNodeAfterItsPod() {
        EnvVar nodeId = env(DeploymentTests.nodeContainer(ChartRenderer.chart().render()), "NODE_ID");

        assertThat(nodeId.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    }

    @Test
    void shouldTakeTheJwtSecretFromTheExistingSecretAndNeverCreateOne() {
        var manifests = ChartRenderer.chart().values("production.yaml").render();
        EnvVar jwt = env(DeploymentTests.nodeContainer(manifests), "JWT_SECRET");

        assertThat(jwt.getValue()).isNull();
        assertThat(jwt.getValueFrom().getSecretKeyRef().getName()).isEqualTo("roomcast-secrets");
        assertThat(jwt.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("jwt");
        assertThat(manifests.nodeEnvironment().getData()).containsEntry("AUTH_REQUIRED", "true");
        assertThat(manifests.all(Secret.class)).isEmpty();
    }

    @Test
    void shouldLeaveAuthenticationOffWithoutASecret() {
        Container container = DeploymentTests.nodeContainer(ChartRenderer.chart().render());

        assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("JWT_SECRET");
    }

    @Test
    void shouldBuildTheRedisUrlFromThePasswordSecretWithoutPrintingThePassword() {
        Container container = DeploymentTests.nodeContainer(ChartRenderer.chart().values("production.yaml").render());
        List<String> names = container.getEnv().stream().map(EnvVar::getName).collect(Collectors.toList());
        EnvVar password = env(container, "REDIS_PASSWORD");

        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("redis-auth");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(env(container, "REDIS_URL").getValue()).isEqualTo("rediss://:$(REDIS_PASSWORD)@redis.data.svc:6380/2");
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        assertThat(names.indexOf("REDIS_PASSWORD")).isLessThan(names.indexOf("REDIS_URL"));
    }

    @Test
    void shouldUseAPasswordlessUrlAsIsWhenRedisHasNoSecret() {
        Container container = DeploymentTests.nodeContainer(ChartRenderer.chart()
                .set("redis.external.url", "redis://cache:6379/0").set("redis.external.existingSecret", "").render());

        assertThat(env(container, "REDIS_URL").getValue()).isEqualTo("redis://cache:6379/0");
        assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("REDIS_PASSWORD");
    }

    @Test
    void shouldPutTheAclUserBeforeThePasswordAndKeepUrlOptions() {
        Container container = DeploymentTests.nodeContainer(ChartRenderer.chart()
                .set("redis.external.url", "redis://cache:6379/1?timeout=10s").set("redis.external.username", "roomcast")
                .set("redis.external.existingSecret", "redis-auth").render());

        assertThat(env(container, "REDIS_URL").getValue())
                .isEqualTo("redis://roomcast:$(REDIS_PASSWORD)@cache:6379/1?timeout=10s");
    }

    static Set<String> passedVariables(Manifests manifests) {
        Container container = DeploymentTests.nodeContainer(manifests);
        Set<String> names = new TreeSet<>(manifests.nodeEnvironment().getData().keySet());
        assertThat(container.getEnvFrom()).singleElement().satisfies(source -> assertThat(
                source.getConfigMapRef().getName()).isEqualTo(manifests.nodeEnvironment().getMetadata().getName()));
        container.getEnv().forEach(env -> names.add(env.getName()));
        return names;
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the node container has no env " + name));
    }
}

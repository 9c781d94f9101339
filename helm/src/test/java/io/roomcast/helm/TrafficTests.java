package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Services, Ingress, HTTPRoute and NetworkPolicy: how clients and Prometheus reach the nodes. */
class TrafficTests {

    private static final String NGINX = "nginx.ingress.kubernetes.io/";
    private static final String TRAEFIK = "traefik.ingress.kubernetes.io/";
    private static final String HAPROXY = "haproxy-ingress.github.io/";

    private final Manifests defaults = ChartRenderer.chart().render();

    @Test
    void shouldServeClientsAndMetricsOnSeparateServices() {
        Service client = defaults.named(Service.class, ChartRenderer.FULLNAME);
        Service internal = defaults.named(Service.class, ChartRenderer.FULLNAME + "-internal");

        assertThat(client.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("client");
            assertThat(port.getTargetPort()).isEqualTo(new IntOrString("client"));
        });
        assertThat(internal.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("management");
            assertThat(port.getTargetPort()).isEqualTo(new IntOrString("management"));
        });
        var podLabels = defaults.nodeDeployment().getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(client.getSpec().getSelector())
                .containsAllEntriesOf(internal.getSpec().getSelector());
    }

    @Test
    void shouldStickPollingSessionsToOnePodWithAnIngressNginxCookieOnSocketIo() {
        Ingress ingress = ChartRenderer.chart().values("ingress-nginx.yaml").render().one(Ingress.class);
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();

        assertThat(annotations)
                .containsEntry(NGINX + "affinity", "cookie")
                .containsEntry(NGINX + "affinity-mode", "persistent")
                .containsEntry(NGINX + "session-cookie-path", "/socket.io")
                .containsKey(NGINX + "session-cookie-name")
                .doesNotContainKey(NGINX + "upstream-hash-by");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).extracting(HTTPIngressPath::getPath).contains("/socket.io");
        assertThat(paths).allSatisfy(path -> {
            assertThat(path.getBackend().getService().getName()).isEqualTo(ChartRenderer.FULLNAME);
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("client");
        });
    }

    @Test
    void shouldKeepWebSocketsOpenLongerThanTheHeartbeat() {
        Map<String, String> annotations = ChartRenderer.chart().values("ingress-nginx.yaml").render()
                .one(Ingress.class).getMetadata().getAnnotations();
        Map<String, String> config = defaults.nodeEnvironment().getData();
        Duration heartbeat = Durations.parse(config.get("PING_INTERVAL")).plus(Durations.parse(config.get("PING_TIMEOUT")));

        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            assertThat(Long.parseLong(annotations.get(NGINX + timeout))).as(timeout)
                    .isGreaterThan(heartbeat.toSeconds());
        }
        long bodyLimitBytes = Long.parseLong(annotations.get(NGINX + "proxy-body-size").replace("k", "")) * 1024;
        assertThat(bodyLimitBytes).isGreaterThanOrEqualTo(Long.parseLong(config.get("MAX_PAYLOAD")));
    }

    @Test
    void shouldRenderNoEntryOnAPlainInstall() {
        // The Gateway API route needs the Gateway it attaches to; an Ingress needs a chosen controller.
        assertThat(defaults.all(HTTPRoute.class)).isEmpty();
        assertThat(defaults.all(Ingress.class)).isEmpty();
        assertThat(defaults.named(Service.class, ChartRenderer.FULLNAME).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void shouldStickWithTraefiksCookieSetOnTheClientService() {
        var manifests = ChartRenderer.chart().values("ingress-traefik.yaml").render();
        Map<String, String> service = manifests.named(Service.class, ChartRenderer.FULLNAME).getMetadata()
                .getAnnotations();
        Ingress ingress = manifests.one(Ingress.class);

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
        assertThat(service).containsEntry(TRAEFIK + "service.sticky.cookie", "true")
                .containsEntry(TRAEFIK + "service.sticky.cookie.name", "roomcast-affinity")
                .containsEntry(TRAEFIK + "service.sticky.cookie.httponly", "true");
        assertThat(ingress.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(manifests.named(Service.class, ChartRenderer.FULLNAME + "-internal").getMetadata()
                .getAnnotations()).isNullOrEmpty();
    }

    @Test
    void shouldStickWithHaproxyIngressCookieAndKeepTunnelsOpen() {
        var manifests = ChartRenderer.chart().values("ingress-haproxy.yaml").render();
        Ingress ingress = manifests.one(Ingress.class);
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        Map<String, String> config = manifests.nodeEnvironment().getData();
        Duration heartbeat = Durations.parse(config.get("PING_INTERVAL")).plus(Durations.parse(config.get("PING_TIMEOUT")));

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("haproxy");
        assertThat(annotations).containsEntry(HAPROXY + "affinity", "cookie")
                .containsEntry(HAPROXY + "session-cookie-name", "roomcast-affinity")
                .containsEntry(HAPROXY + "session-cookie-strategy", "insert")
                .noneSatisfy((key, value) -> assertThat(key).startsWith(NGINX));
        for (String timeout : List.of("timeout-tunnel", "timeout-server", "timeout-client")) {
            assertThat(Durations.parse(annotations.get(HAPROXY + timeout))).as(timeout).isGreaterThan(heartbeat);
        }
        assertThat(manifests.named(Service.class, ChartRenderer.FULLNAME).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void shouldStickWithEnvoyGatewaysCookieHashInsteadOfSessionPersistence() {
        var manifests = ChartRenderer.chart().values("gateway-envoy.yaml").render();
        HTTPRoute route = manifests.one(HTTPRoute.class);
        var policy = manifests.oneGeneric("BackendTrafficPolicy").orElseThrow();

        assertThat(route.getSpec().getRules().get(0).getSessionPersistence()).isNull();
        assertThat(policy.getApiVersion()).isEqualTo("gateway.envoyproxy.io/v1alpha1");
        List<Map<String, String>> targets = Manifests.field(policy, "spec", "targetRefs");
        assertThat(targets).singleElement().satisfies(target -> assertThat(target)
                .containsEntry("group", "gateway.networking.k8s.io").containsEntry("kind", "HTTPRoute")
                .containsEntry("name", route.getMetadata().getName()));
        Map<String, Object> loadBalancer = Manifests.field(policy, "spec", "loadBalancer");
        assertThat(loadBalancer).containsEntry("type", "ConsistentHash");
        assertThat((Map<String, Object>) Manifests.field(policy, "spec", "loadBalancer", "consistentHash"))
                .containsEntry("type", "Cookie")
                .containsEntry("cookie", Map.of("name", "roomcast-affinity", "ttl", "1h"));
        assertThat(ChartRenderer.chart().values("gateway-api.yaml").render().oneGeneric("BackendTrafficPolicy"))
                .isEmpty();
    }

    @Test
    void shouldStickByClientAddressWhenIpHashIsChosen() {
        Map<String, String> annotations = ChartRenderer.chart().values("ip-hash.yaml").render()
                .one(Ingress.class).getMetadata().getAnnotations();

        assertThat(annotations).containsEntry(NGINX + "upstream-hash-by", "$remote_addr")
                .doesNotContainKey(NGINX + "affinity");
    }

    @Test
    void shouldOfferClientIpAffinityOnTheServiceWhenThereIsNoIngress() {
        var manifests = ChartRenderer.chart().values("ingress-off.yaml").render();
        Service client = manifests.named(Service.class, ChartRenderer.FULLNAME);

        assertThat(manifests.all(Ingress.class)).isEmpty();
        assertThat(client.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(client.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
    }

    @Test
    void shouldRouteSocketIoThroughTheGatewayWithCookiePersistence() {
        var manifests = ChartRenderer.chart().values("gateway-api.yaml").render();
        HTTPRoute route = manifests.one(HTTPRoute.class);
        HTTPRouteRule socketIo = route.getSpec().getRules().get(0);

        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(manifests.all(Ingress.class)).isEmpty();
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo("public-gateway");
            assertThat(ref.getNamespace()).isEqualTo("gateway-system");
        });
        assertThat(route.getSpec().getHostnames()).containsExactly("chat.example.com");
        assertThat(socketIo.getMatches()).singleElement().satisfies(match -> {
            assertThat(match.getPath().getType()).isEqualTo("PathPrefix");
            assertThat(match.getPath().getValue()).isEqualTo("/socket.io");
        });
        assertThat(socketIo.getSessionPersistence().getType()).isEqualTo("Cookie");
        assertThat(socketIo.getSessionPersistence().getSessionName()).isEqualTo("roomcast-affinity");
        // Envoy's 15 s route timeout would cut a held poll (pingInterval, 25 s): the route disables it.
        assertThat(socketIo.getTimeouts().getRequest()).isEqualTo("0s");
        assertThat(socketIo.getBackendRefs()).singleElement().satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo(ChartRenderer.FULLNAME);
            assertThat(ref.getPort()).isEqualTo(3000);
        });
    }

    @Test
    void shouldAdmitTrafficOnlyOnTheTwoPortsAndMetricsOnlyFromTheChosenNamespaces() {
        NetworkPolicy policy = ChartRenderer.chart().values("production.yaml").render().one(NetworkPolicy.class);

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(2);
        var management = policy.getSpec().getIngress().get(1);
        assertThat(management.getPorts()).singleElement().satisfies(p ->
                assertThat(p.getPort()).isEqualTo(new IntOrString("management")));
        assertThat(management.getFrom()).hasSize(2);
        assertThat(management.getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "monitoring");
        // ...and the release's `helm test` pod, which checks readiness on that port.
        assertThat(management.getFrom().get(1).getPodSelector().getMatchLabels())
                .containsEntry("roomcast.io/test", "true")
                .containsEntry("app.kubernetes.io/instance", ChartRenderer.RELEASE);
    }

    static ServicePort onlyPort(Service service) {
        assertThat(service.getSpec().getPorts()).hasSize(1);
        return service.getSpec().getPorts().get(0);
    }
}

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
        Ingress ingress = defaults.one(Ingress.class);
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
        Map<String, String> annotations = defaults.one(Ingress.class).getMetadata().getAnnotations();
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
        assertThat(management.getFrom()).singleElement().satisfies(peer -> assertThat(
                peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
    }

    static ServicePort onlyPort(Service service) {
        assertThat(service.getSpec().getPorts()).hasSize(1);
        return service.getSpec().getPorts().get(0);
    }
}

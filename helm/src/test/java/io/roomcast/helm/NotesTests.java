package io.roomcast.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What `helm install` tells the user about reaching the cluster. */
class NotesTests {

    @Test
    void shouldTellTheIngressAddressesAndWhereSecretsComeFrom() {
        String notes = ChartRenderer.chart().values("production.yaml").notes();

        assertThat(notes)
                .contains("https://chat.example.com/socket.io/")
                .contains("kubectl -n chat rollout status deployment/rc-roomcast")
                .contains("service/rc-roomcast-internal port 9091")
                .contains("password from Secret redis-auth")
                .contains("Secret roomcast-secrets");
    }

    @Test
    void shouldTellHowToConnectForEachEntry() {
        String plain = ChartRenderer.chart().notes();
        String gateway = ChartRenderer.chart().values("gateway-api.yaml").notes();
        String nginx = ChartRenderer.chart().values("ingress-nginx.yaml").notes();

        assertThat(plain).contains("kubectl -n chat port-forward service/rc-roomcast 3000:3000")
                .contains("httpRoute.parentRefs").contains("helm -n chat test rc");
        assertThat(gateway).contains("Gateway(s) public-gateway").contains("http(s)://chat.example.com/socket.io/")
                .contains("cookie session persistence").doesNotContain("port-forward");
        assertThat(nginx).contains("http://roomcast.local/socket.io/").contains("ingress-nginx was retired");
        assertThat(plain).contains("io(\"");
    }

    @Test
    void shouldWarnWhenAuthenticationIsOff() {
        assertThat(ChartRenderer.chart().notes()).contains("Authentication: OFF");
    }

    @Test
    void shouldExplainTheLoadBalancerAndStickinessWithoutIngress() {
        String sticky = ChartRenderer.chart().values("ingress-off.yaml").notes();
        String notSticky = ChartRenderer.chart().values("ingress-off.yaml").set("service.sessionAffinity", "None")
                .notes();

        assertThat(sticky).contains("LoadBalancer Service (sticky by ClientIP)").doesNotContain("polling clients fail");
        assertThat(notSticky).contains("polling clients fail");
    }
}

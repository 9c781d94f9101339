package io.roomcast.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json and the chart's own checks turn bad values into a clear message at install time. */
class ValuesSchemaTests {

    @Test
    void shouldRejectAnUnknownTopLevelKey() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("replicas", 5).render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("additional properties 'replicas' not allowed");
    }

    @Test
    void shouldRejectAnUnknownNestedKey() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("ingress.stickyCookie", "x").render())
                .hasMessageContaining("at '/ingress': additional properties 'stickyCookie' not allowed");
    }

    @Test
    void shouldRejectAWrongType() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("ports.client", "http").render())
                .hasMessageContaining("at '/ports/client': got string, want integer");
    }

    @Test
    void shouldRejectAValueOutsideItsChoices() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("ingress.affinity", "sticky").render())
                .hasMessageContaining("at '/ingress/affinity': value must be one of 'cookie', 'ip-hash'");
    }

    @Test
    void shouldRejectADurationTheNodeCannotRead() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("config.pingInterval", "25 seconds").render())
                .hasMessageContaining("at '/config/pingInterval': '25 seconds' does not match pattern");
    }

    @Test
    void shouldRejectARedisUrlThatCarriesAPassword() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("redis.external.url", "redis://:hunter2@redis:6379")
                .render())
                .hasMessageContaining("at '/redis/external/url'");
    }

    @Test
    void shouldRejectTheSamePortForClientsAndManagement() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("ports.management", 3000).render())
                .hasMessageContaining("ports.client and ports.management must differ");
    }

    @Test
    void shouldRejectRequiredAuthWithoutASecret() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("auth.required", true).render())
                .hasMessageContaining("auth.existingSecret is empty");
    }

    @Test
    void shouldRejectACorsOriginWithAPath() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("cors.origins[0]", "https://app.example.com/").render())
                .hasMessageContaining("at '/cors/origins/0'");
    }

    @Test
    void shouldRejectCorsCredentialsWithoutListedOrigins() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("cors.credentials", true).render())
                .hasMessageContaining("cors.credentials needs cors.origins");
        assertThatThrownBy(() -> ChartRenderer.chart().set("cors.credentials", true).set("cors.origins[0]", "*")
                .render())
                .hasMessageContaining("browsers refuse credentials with Access-Control-Allow-Origin: *");
    }

    @Test
    void shouldRejectNegativeWorkerThreadsAndANonBooleanNativeTransport() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("config.workerThreads", -1).render())
                .hasMessageContaining("at '/config/workerThreads'");
        assertThatThrownBy(() -> ChartRenderer.chart().set("config.nativeTransport", "epoll").render())
                .hasMessageContaining("at '/config/nativeTransport': got string, want boolean");
        assertThatThrownBy(() -> ChartRenderer.chart().set("config.nettyTransport", "kqueue").render())
                .hasMessageContaining("at '/config/nettyTransport'");
    }

    @Test
    void shouldRejectAWriteBufferSmallerThanMaxPayload() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("config.maxBufferedBytes", 0).render())
                .hasMessageContaining("at '/config/maxBufferedBytes'");
        assertThatThrownBy(() -> ChartRenderer.chart().set("config.maxPayload", 10000000).render())
                .hasMessageContaining("config.maxBufferedBytes must be at least config.maxPayload");
    }

    @Test
    void shouldRejectTwoStickinessMechanismsOnOneRoute() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("httpRoute.parentRefs[0].name", "eg")
                .set("httpRoute.envoyGateway.consistentHash.enabled", true).render())
                .hasMessageContaining("httpRoute.sessionPersistence=null");
    }

    @Test
    void shouldRejectMonitoringSwitchesOtherThanTrueFalseOrAuto() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("metrics.serviceMonitor.enabled", "sometimes").render())
                .hasMessageContaining("enabled");
    }

    @Test
    void shouldRejectAnUnknownAdapter() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("adapter", "kafka").render())
                .hasMessageContaining("at '/adapter': value must be one of 'redis', 'redis-sharded', 'redis-streams', 'memory'");
    }

    @Test
    void shouldRejectRecoveryWithTheClassicRedisAdapter() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("recovery.maxDisconnection", "2m").render())
                .hasMessageContaining("recovery.maxDisconnection needs adapter: redis-streams");
    }

    @Test
    void shouldRejectAZeroOrUnreadableMaxDisconnection() {
        for (String bad : new String[] {"0s", "PT0S", "2 minutes"}) {
            assertThatThrownBy(() -> ChartRenderer.chart().set("adapter", "redis-streams")
                    .set("recovery.maxDisconnection", bad).render()).as(bad)
                    .hasMessageContaining("at '/recovery/maxDisconnection'");
        }
    }

    @Test
    void shouldRejectTheMemoryAdapterOnMoreThanOnePod() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("adapter", "memory").render())
                .hasMessageContaining("adapter: memory keeps rooms and sessions inside one pod");
        assertThatThrownBy(() -> ChartRenderer.chart().set("adapter", "memory").set("replicaCount", 1)
                .values("hpa.yaml").render())
                .hasMessageContaining("adapter: memory keeps rooms and sessions inside one pod");
    }

    @Test
    void shouldRejectAStreamMaxLenBelowOne() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("redis.streamMaxLen", 0).render())
                .hasMessageContaining("at '/redis/streamMaxLen'");
    }

    @Test
    void shouldRejectADrainSpreadLongerThanTheGraceOrInAnotherFormat() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("drainSpread", "31s").render())
                .hasMessageContaining("drainSpread (31s) must be at most shutdownGraceSeconds (30s)");
        assertThatThrownBy(() -> ChartRenderer.chart().set("drainSpread", "1m").set("shutdownGraceSeconds", 59)
                .render())
                .hasMessageContaining("drainSpread (1m) must be at most shutdownGraceSeconds (59s)");
        assertThatThrownBy(() -> ChartRenderer.chart().set("drainSpread", "PT5S").render())
                .hasMessageContaining("at '/drainSpread'");
    }

    @Test
    void shouldAcceptADrainSpreadUpToTheGrace() {
        ChartRenderer.chart().set("drainSpread", "30s").render();
        ChartRenderer.chart().set("drainSpread", "1500ms").set("shutdownGraceSeconds", 2).render();
        ChartRenderer.chart().set("drainSpread", "0s").set("shutdownGraceSeconds", 0).render();
    }
}

package io.roomcast.helm;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code rateLimits} block: its variables, the node's defaults, and rates the node would refuse. */
class RateLimitValuesTests {

    @Test
    void shouldPassOnlyTheDisconnectAndPerIpDefaultsWhenNoLimitIsSet() {
        Map<String, String> config = ChartRenderer.chart().render().nodeEnvironment().getData();

        assertThat(config).doesNotContainKeys("RATE_LIMIT_EVENTS", "RATE_LIMIT_USER_EVENTS")
                .containsEntry("RATE_LIMIT_DISCONNECT_AFTER", "100/10s")
                .containsEntry("MAX_CONNECTIONS_PER_IP", "0");
    }

    @Test
    void shouldPassEveryRateLimitThatIsSet() {
        Map<String, String> config = ChartRenderer.chart().set("rateLimits.events", "20/1s,burst=40")
                .set("rateLimits.userEvents", "60/10s").set("rateLimits.disconnectAfter", "off")
                .set("rateLimits.maxConnectionsPerIp", 8).render().nodeEnvironment().getData();

        assertThat(config).containsEntry("RATE_LIMIT_EVENTS", "20/1s,burst=40")
                .containsEntry("RATE_LIMIT_USER_EVENTS", "60/10s")
                .containsEntry("RATE_LIMIT_DISCONNECT_AFTER", "off")
                .containsEntry("MAX_CONNECTIONS_PER_IP", "8");
    }

    @Test
    void shouldRejectRatesTheNodeWouldRefuse() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("rateLimits.events", "20 per second").render())
                .hasMessageContaining("at '/rateLimits/events'");
        assertThatThrownBy(() -> ChartRenderer.chart().set("rateLimits.events", "0/1s").render())
                .hasMessageContaining("at '/rateLimits/events'");
        assertThatThrownBy(() -> ChartRenderer.chart().set("rateLimits.userEvents", "60/10s,burst=90").render())
                .hasMessageContaining("at '/rateLimits/userEvents'");
        assertThatThrownBy(() -> ChartRenderer.chart().set("rateLimits.disconnectAfter", "never").render())
                .hasMessageContaining("at '/rateLimits/disconnectAfter'");
        assertThatThrownBy(() -> ChartRenderer.chart().set("rateLimits.maxConnectionsPerIp", -1).render())
                .hasMessageContaining("at '/rateLimits/maxConnectionsPerIp'");
    }
}

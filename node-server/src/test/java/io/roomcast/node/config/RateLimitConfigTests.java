package io.roomcast.node.config;

import io.roomcast.socketio.limits.RateLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RATE_LIMIT_EVENTS, RATE_LIMIT_USER_EVENTS, RATE_LIMIT_DISCONNECT_AFTER and MAX_CONNECTIONS_PER_IP. */
class RateLimitConfigTests {

    private static NodeConfig load(Map<String, String> env) {
        return EnvConfigLoader.load(env);
    }

    @Test
    void shouldBeOffByDefault() {
        NodeConfig.RateLimits limits = load(Map.of()).rateLimits();

        assertThat(limits.events()).isEmpty();
        assertThat(limits.userEvents()).isEmpty();
        assertThat(limits.disconnectAfter()).contains(RateLimit.of(100, Duration.ofSeconds(10)));
        assertThat(limits.maxConnectionsPerIp()).isZero();
        assertThat(load(Map.of()).toEngineOptions().maxConnectionsPerAddress()).isZero();
    }

    @Test
    void shouldReadEveryRateLimitVariable() {
        NodeConfig config = load(Map.of("RATE_LIMIT_EVENTS", "20/1s,burst=40", "RATE_LIMIT_USER_EVENTS", "60/10s",
                "RATE_LIMIT_DISCONNECT_AFTER", "50/5s", "MAX_CONNECTIONS_PER_IP", "8"));

        NodeConfig.RateLimits limits = config.rateLimits();
        assertThat(limits.events()).contains(new RateLimit(20, Duration.ofSeconds(1), 40));
        assertThat(limits.userEvents()).contains(RateLimit.of(60, Duration.ofSeconds(10)));
        assertThat(limits.disconnectAfter()).contains(RateLimit.of(50, Duration.ofSeconds(5)));
        assertThat(limits.maxConnectionsPerIp()).isEqualTo(8);
        assertThat(config.toEngineOptions().maxConnectionsPerAddress()).isEqualTo(8);
    }

    @Test
    void shouldTurnTheDisconnectOffWithOff() {
        assertThat(load(Map.of("RATE_LIMIT_EVENTS", "5/s", "RATE_LIMIT_DISCONNECT_AFTER", "OFF")).rateLimits()
                .disconnectAfter()).isEmpty();
    }

    @Test
    void shouldReportEveryBadRateLimitVariableInOneMessage() {
        assertThatThrownBy(() -> load(Map.of("RATE_LIMIT_EVENTS", "20 per second",
                "RATE_LIMIT_USER_EVENTS", "20/1s,burst=40", "RATE_LIMIT_DISCONNECT_AFTER", "never",
                "MAX_CONNECTIONS_PER_IP", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RATE_LIMIT_EVENTS must be a rate like 20/1s")
                .hasMessageContaining("(got \"20 per second\")")
                .hasMessageContaining("RATE_LIMIT_USER_EVENTS must be a rate like 20/1s")
                .hasMessageContaining("without burst")
                .hasMessageContaining("RATE_LIMIT_DISCONNECT_AFTER must be off or refusals per period like 100/10s")
                .hasMessageContaining("MAX_CONNECTIONS_PER_IP must be a whole number between 0 and");
    }

    @Test
    void shouldRefuseZeroRatesAndPeriods() {
        for (String bad : new String[] {"0/1s", "20/0s", "20/", "/1s", "20/1s,burst=0"}) {
            assertThatThrownBy(() -> load(Map.of("RATE_LIMIT_EVENTS", bad))).as(bad)
                    .hasMessageContaining("RATE_LIMIT_EVENTS must be");
        }
    }

    @Test
    void shouldRefuseAUserBurstInCode() {
        assertThatThrownBy(() -> NodeConfig.RateLimits.off().withUserEvents(RateLimit.parse("5/1s,burst=9")))
                .hasMessageContaining("userEvents takes no burst");
        assertThat(NodeConfig.RateLimits.off().withDisconnectAfter(Optional.empty()).disconnectAfter()).isEmpty();
    }
}

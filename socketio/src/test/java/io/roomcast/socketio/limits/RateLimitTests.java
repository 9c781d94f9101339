package io.roomcast.socketio.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitTests {

    @Test
    void shouldReadRateAndPeriodWithTheBurstDefaultingToTheRate() {
        assertThat(RateLimit.parse("20/1s")).isEqualTo(new RateLimit(20, Duration.ofSeconds(1), 20));
        assertThat(RateLimit.parse(" 5 / 500ms ")).isEqualTo(new RateLimit(5, Duration.ofMillis(500), 5));
        assertThat(RateLimit.parse("600/m")).isEqualTo(new RateLimit(600, Duration.ofMinutes(1), 600));
        assertThat(RateLimit.parse("10/PT2S")).isEqualTo(new RateLimit(10, Duration.ofSeconds(2), 10));
    }

    @Test
    void shouldReadAnExplicitBurst() {
        assertThat(RateLimit.parse("20/1s,burst=40")).isEqualTo(new RateLimit(20, Duration.ofSeconds(1), 40));
        assertThat(RateLimit.parse("20/1s, burst = 5")).isEqualTo(new RateLimit(20, Duration.ofSeconds(1), 5));
    }

    @Test
    void shouldPrintWhatItReadsBack() {
        for (String spec : new String[] {"20/1s", "20/1s,burst=40", "5/500ms", "100/10s", "1/60s"}) {
            assertThat(RateLimit.parse(spec).toString()).isEqualTo(spec);
            assertThat(RateLimit.parse(RateLimit.parse(spec).toString())).isEqualTo(RateLimit.parse(spec));
        }
    }

    @Test
    void shouldRefuseWhatIsNotARate() {
        for (String bad : new String[] {"", "20", "20/", "/1s", "0/1s", "20/0s", "-1/1s", "20/1x", "20/1s,burst=0",
                "20/1s,burst", "20/1s,max=4", "20/2d", "99999999999/1s"}) {
            assertThatThrownBy(() -> RateLimit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldValidateWhenBuiltInCode() {
        assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1))).hasMessageContaining("events must be >= 1");
        assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO)).hasMessageContaining("period must be > 0");
        assertThatThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(1)).withBurst(0))
                .hasMessageContaining("burst must be >= 1");
    }
}

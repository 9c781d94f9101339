package io.roomcast.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterOptionsTests {

    @Test
    void shouldDefaultToNodesOptions() {
        AdapterOptions defaults = AdapterOptions.defaults();
        assertThat(defaults.key()).isEqualTo("socket.io");
        assertThat(defaults.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.publishOnSpecificResponseChannel()).isFalse();
    }

    @Test
    void shouldRejectInvalidOptions() {
        assertThatThrownBy(() -> new AdapterOptions("", Duration.ofSeconds(1), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key must not be empty");
        assertThatThrownBy(() -> AdapterOptions.defaults().withRequestsTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestsTimeout must be > 0");
        assertThatThrownBy(() -> AdapterOptions.defaults().withKey(null)).isInstanceOf(NullPointerException.class);
    }
}

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
        assertThat(defaults.subscriptionMode()).isEqualTo(SubscriptionMode.STATIC);
        assertThat(new AdapterOptions("k", Duration.ofSeconds(1), true).subscriptionMode())
                .isEqualTo(SubscriptionMode.STATIC);
    }

    @Test
    void shouldKeepTheOtherOptionsWhenOneIsChanged() {
        AdapterOptions options = AdapterOptions.defaults().withKey("k").withRequestsTimeout(Duration.ofSeconds(2))
                .withPublishOnSpecificResponseChannel(true).withSubscriptionMode(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(options).isEqualTo(new AdapterOptions("k", Duration.ofSeconds(2), true,
                SubscriptionMode.DYNAMIC_PRIVATE));
        assertThat(options.withKey("other").subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(options.withSubscriptionMode(SubscriptionMode.STATIC).publishOnSpecificResponseChannel()).isTrue();
    }

    @Test
    void shouldRejectInvalidOptions() {
        assertThatThrownBy(() -> new AdapterOptions("", Duration.ofSeconds(1), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key must not be empty");
        assertThatThrownBy(() -> AdapterOptions.defaults().withRequestsTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestsTimeout must be > 0");
        assertThatThrownBy(() -> AdapterOptions.defaults().withKey(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AdapterOptions.defaults().withSubscriptionMode(null))
                .isInstanceOf(NullPointerException.class).hasMessage("subscriptionMode must not be null");
    }

    @Test
    void shouldBoundPublishesAt8MiBByDefaultInEveryAdapterAndRejectANonPositiveBound() {
        assertThat(AdapterOptions.defaults().maxPublishBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(io.roomcast.cluster.sharded.ShardedAdapterOptions.defaults().maxPublishBytes())
                .isEqualTo(8 * 1024 * 1024);
        assertThat(io.roomcast.cluster.streams.StreamsAdapterOptions.defaults().maxPublishBytes())
                .isEqualTo(8 * 1024 * 1024);
        assertThat(AdapterOptions.defaults().withMaxPublishBytes(1024).withKey("k").maxPublishBytes()).isEqualTo(1024);
        assertThatThrownBy(() -> AdapterOptions.defaults().withMaxPublishBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPublishBytes must be > 0, was 0");
        assertThatThrownBy(() -> io.roomcast.cluster.sharded.ShardedAdapterOptions.defaults().withMaxPublishBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.roomcast.cluster.streams.StreamsAdapterOptions.defaults().withMaxPublishBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

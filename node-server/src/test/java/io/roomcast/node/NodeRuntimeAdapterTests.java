package io.roomcast.node;

import io.roomcast.node.config.ConfigException;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.adapter.AdapterFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter {@code ADAPTER} names, and connection state recovery handed to the server. */
class NodeRuntimeAdapterTests {

    private static final RoomcastApplication NOTHING = io -> { };

    private static NodeConfig config(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(ToolProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(ToolProcess.freePort()),
                "NODE_ID", "adapter-node"));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return EnvConfigLoader.load(env);
    }

    @Test
    void shouldPassConnectionStateRecoveryToTheServerWithTheInMemoryAdapter() {
        try (NodeRuntime node = NodeRuntime.start(config("RECOVERY_MAX_DISCONNECTION", "90s",
                "RECOVERY_SKIP_MIDDLEWARES", "false"), NOTHING)) {
            assertThat(node.io().options().socketIo().connectionStateRecovery())
                    .isEqualTo(new ConnectionStateRecovery(Duration.ofSeconds(90), false));
            assertThat(node.io().options().socketIo().adapter()).isSameAs(AdapterFactory.IN_MEMORY);
            assertThat(node.io().namespace("/")).as("the main namespace accepted recovery").isPresent();
        }
    }

    @Test
    void shouldLeaveRecoveryOffByDefault() {
        try (NodeRuntime node = NodeRuntime.start(config(), NOTHING)) {
            assertThat(node.io().options().socketIo().connectionStateRecovery()).isNull();
        }
    }

    @Test
    void shouldExportRecoveryMetersAtZeroAndNoStreamLagWithoutTheStreamsAdapter() {
        try (NodeRuntime node = NodeRuntime.start(config("RECOVERY_MAX_DISCONNECTION", "2m"), NOTHING)) {
            String scrape = ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) node.meterRegistry()).scrape();
            for (String result : new String[] {"recovered", "expired", "unknown", "trimmed", "error"}) {
                assertThat(scrape).contains("roomcast_recoveries_total{namespace=\"/\",node=\"adapter-node\",result=\""
                        + result + "\"} 0.0");
            }
            assertThat(scrape).contains("roomcast_recovery_replayed_packets_total{namespace=\"/\","
                    + "node=\"adapter-node\"} 0.0");
            assertThat(scrape).doesNotContain("roomcast_cluster_stream_lag_seconds");
        }
    }

    @Test
    void shouldChooseTheInMemoryAdapterWithoutRedis() {
        NodeRuntime.ChosenAdapter chosen = NodeRuntime.chooseAdapter(config().cluster());

        assertThat(chosen.factory()).isSameAs(AdapterFactory.IN_MEMORY);
        assertThat(chosen.pubSub()).isEmpty();
        assertThat(chosen.streamLag()).isEmpty();
    }

    @Test
    void shouldRunOnTheStreamsAdapterWithRecoveryAndExportItsStreamLag() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             NodeRuntime node = NodeRuntime.start(config("REDIS_URL", redis.url(), "ADAPTER", "redis-streams",
                     "RECOVERY_MAX_DISCONNECTION", "2m", "STREAM_MAXLEN", "500"), NOTHING)) {
            assertThat(node.io().options().socketIo().adapter())
                    .isInstanceOf(io.roomcast.cluster.streams.RedisStreamsAdapterFactory.class);
            assertThat(((io.roomcast.cluster.streams.RedisStreamsAdapterFactory) node.io().options().socketIo()
                    .adapter()).options().maxLen()).isEqualTo(500);
            String scrape = ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) node.meterRegistry()).scrape();
            assertThat(scrape).contains("roomcast_cluster_stream_lag_seconds");
        }
    }

    @Test
    void shouldRefuseRecoveryWithTheClassicAdapterSayingWhatToUse() {
        assertThatThrownBy(() -> config("REDIS_URL", "redis://127.0.0.1:1", "ADAPTER", "redis",
                "RECOVERY_MAX_DISCONNECTION", "2m")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ADAPTER=redis-streams");
    }
}

package io.roomcast.cluster.metrics;

import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.EventDropReason;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomcast.socketio.adapter.RecoveryResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SocketServerMetrics against a SimpleMeterRegistry, driven through its observer methods. */
class SocketServerMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SocketServerMetrics metrics = new SocketServerMetrics(Set.of("message"));

    SocketServerMetricsTests() {
        metrics.bindTo(registry);
    }

    @Test
    void shouldCountAllowListedEventsByNameAndTheRestAsOther() {
        metrics.eventReceived("/", "message");
        metrics.eventReceived("/", "x-" + System.nanoTime());
        metrics.eventReceived("/", "y-" + System.nanoTime());

        assertThat(count("roomcast.events.received", "event", "message")).isEqualTo(1);
        assertThat(count("roomcast.events.received", "event", "other")).isEqualTo(2);
        assertThat(registry.find("roomcast.events.received").counters()).hasSize(2);
    }

    @Test
    void shouldCountDeniedJoinsByNamespaceFromZero() {
        metrics.connected("/");
        assertThat(registry.get("roomcast.room.joins.denied").tag("namespace", "/").counter().count()).isZero();

        metrics.joinDenied("/");
        metrics.joinDenied("/");
        metrics.joinDenied("/chat");

        assertThat(registry.get("roomcast.room.joins.denied").tag("namespace", "/").counter().count()).isEqualTo(2);
        assertThat(registry.get("roomcast.room.joins.denied").tag("namespace", "/chat").counter().count())
                .isEqualTo(1);
    }

    @Test
    void shouldAddABroadcastsSocketsToEventsSentOnce() {
        metrics.broadcastPublished("/chat");
        metrics.broadcastDelivered("/chat", false, "message", 3, TimeUnit.MICROSECONDS.toNanos(50));
        metrics.broadcastDelivered("/chat", true, "message", 2, TimeUnit.MICROSECONDS.toNanos(20));

        assertThat(registry.get("roomcast.events.sent").tags("namespace", "/chat", "event", "message").counter()
                .count()).isEqualTo(5);
        assertThat(registry.get("roomcast.broadcasts.published").tag("namespace", "/chat").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("roomcast.broadcast.deliveries").tags("namespace", "/chat", "origin", "local")
                .summary().totalAmount()).isEqualTo(3);
        assertThat(registry.get("roomcast.broadcast.deliveries").tags("origin", "remote").summary().count())
                .isEqualTo(1);
        assertThat(registry.get("roomcast.broadcast.delivery").tags("origin", "local").timer()
                .totalTime(TimeUnit.MICROSECONDS)).isEqualTo(50);
    }

    @Test
    void shouldTrackSessionsAcrossUpgradesAndCountBytesByTransport() {
        metrics.sessionOpened("polling");
        metrics.sessionOpened("polling");
        metrics.sessionUpgraded("polling", "websocket");
        metrics.sessionClosed("websocket", DisconnectReason.TRANSPORT_CLOSE);
        metrics.bytesReceived("polling", 10);
        metrics.bytesSent("websocket", 7);

        assertThat(registry.get("roomcast.engine.sessions").tag("transport", "polling").gauge().value()).isEqualTo(1);
        assertThat(registry.get("roomcast.engine.sessions").tag("transport", "websocket").gauge().value()).isZero();
        assertThat(registry.get("roomcast.upgrades").counter().count()).isEqualTo(1);
        assertThat(count("roomcast.transport.received", "transport", "polling")).isEqualTo(10);
        assertThat(count("roomcast.transport.sent", "transport", "websocket")).isEqualTo(7);
        assertThat(registry.get("roomcast.transport.sent").counter().getId().getBaseUnit()).isEqualTo("bytes");
    }

    @Test
    void shouldMapHandshakeOutcomesAndDisconnectReasons() {
        metrics.connected("/");
        metrics.connectRejected("/");
        metrics.handshakeRejected(5, "Unsupported protocol version");
        metrics.unknownNamespace();
        metrics.disconnected("/", DisconnectReason.PING_TIMEOUT);
        metrics.disconnected("/", DisconnectReason.FORCED_SERVER_CLOSE);
        metrics.disconnected("/", DisconnectReason.FORCED_CLOSE);
        metrics.disconnected("/", DisconnectReason.WRITE_BUFFER_FULL);

        assertThat(count("roomcast.handshakes", "result", "ok")).isEqualTo(1);
        assertThat(count("roomcast.handshakes", "result", "rejected_auth")).isEqualTo(1);
        assertThat(count("roomcast.handshakes", "result", "bad_request")).isEqualTo(2);
        assertThat(count("roomcast.disconnects", "reason", "ping_timeout")).isEqualTo(1);
        assertThat(count("roomcast.disconnects", "reason", "forced_close")).isEqualTo(2);
        assertThat(count("roomcast.disconnects", "reason", "write_buffer_full")).isEqualTo(1);
        assertThat(registry.find("roomcast.disconnects").counters()).extracting(c -> c.getId().getTag("reason"))
                .containsExactlyInAnyOrderElementsOf(io.roomcast.cluster.metrics.RoomcastMeters.DISCONNECT_REASONS);
    }

    @Test
    void shouldCountDroppedEventsByAllowListedEventAndReason() {
        metrics.eventDropped("/", "message", EventDropReason.INVALID_PAYLOAD);
        metrics.eventDropped("/", "message", EventDropReason.INVALID_PAYLOAD);
        metrics.eventDropped("/", "attacker-chosen-name", EventDropReason.LISTENER_ERROR);

        assertThat(registry.get("roomcast.events.dropped").tags("namespace", "/", "event", "message",
                "reason", "invalid_payload").counter().count()).isEqualTo(2);
        assertThat(registry.get("roomcast.events.dropped").tags("event", "other", "reason", "listener_error")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void shouldRecordPingRoundTrips() {
        metrics.pingRoundTrip(TimeUnit.MILLISECONDS.toNanos(3));

        assertThat(registry.get("roomcast.ping.rtt").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldCountRecoveriesByNamespaceAndResultAndTheReplayedPackets() {
        metrics.recovery("/", RecoveryResult.RECOVERED, 3);
        metrics.recovery("/", RecoveryResult.RECOVERED, 0);
        metrics.recovery("/", RecoveryResult.TRIMMED, 0);
        metrics.recovery("/chat", RecoveryResult.EXPIRED, 0);

        assertThat(registry.get(RoomcastMeters.RECOVERIES).tags("namespace", "/", "result", "recovered").counter()
                .count()).isEqualTo(2);
        assertThat(registry.get(RoomcastMeters.RECOVERIES).tags("namespace", "/", "result", "trimmed").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get(RoomcastMeters.RECOVERIES).tags("namespace", "/chat", "result", "expired")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(RoomcastMeters.RECOVERY_REPLAYED_PACKETS).tag("namespace", "/").counter().count())
                .isEqualTo(3);
        assertThat(registry.get(RoomcastMeters.RECOVERY_REPLAYED_PACKETS).tag("namespace", "/chat").counter()
                .count()).isZero();
    }

    @Test
    void shouldRegisterEveryRecoveryResultAtZeroWithTheNamespace() {
        metrics.connected("/");

        assertThat(registry.find(RoomcastMeters.RECOVERIES).tag("namespace", "/").counters())
                .extracting(counter -> counter.getId().getTag("result"))
                .containsExactlyInAnyOrder("recovered", "expired", "unknown", "trimmed", "error")
                .hasSameElementsAs(RoomcastMeters.RECOVERY_RESULTS);
        assertThat(registry.find(RoomcastMeters.RECOVERIES).counters()).allSatisfy(
                counter -> assertThat(counter.count()).isZero());
        assertThat(registry.get(RoomcastMeters.RECOVERY_REPLAYED_PACKETS).tag("namespace", "/").counter().count())
                .isZero();
    }

    @Test
    void shouldReadTheStreamLagAtScrapeTimeAsSeconds() {
        AtomicReference<Duration> lag = new AtomicReference<>(Duration.ofMillis(1500));
        new StreamLagMetrics(lag::get).bindTo(registry);

        assertThat(registry.get(RoomcastMeters.CLUSTER_STREAM_LAG).gauge().value()).isEqualTo(1.5);
        lag.set(Duration.ZERO);
        assertThat(registry.get(RoomcastMeters.CLUSTER_STREAM_LAG).gauge().value()).isZero();
        lag.set(null);
        assertThat(registry.get(RoomcastMeters.CLUSTER_STREAM_LAG).gauge().value()).isNaN();
    }

    @Test
    void shouldShowAFailingStreamLagAsNoData() {
        new StreamLagMetrics(() -> {
            throw new IllegalStateException("not connected");
        }).bindTo(registry);

        assertThat(registry.get(RoomcastMeters.CLUSTER_STREAM_LAG).gauge().value()).isNaN();
    }

    @Test
    void shouldNameTheStreamLagGaugeInSecondsForPrometheus() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new StreamLagMetrics(() -> Duration.ofSeconds(2)).bindTo(prometheus);
        SocketServerMetrics onPrometheus = new SocketServerMetrics(Set.of());
        onPrometheus.bindTo(prometheus);
        onPrometheus.recovery("/", RecoveryResult.RECOVERED, 4);

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("roomcast_cluster_stream_lag_seconds 2.0")
                .contains("roomcast_recoveries_total{namespace=\"/\",result=\"recovered\"} 1.0")
                .contains("roomcast_recovery_replayed_packets_total{namespace=\"/\"} 4.0");
        assertThat(RoomcastMeters.STREAMS_ONLY_SERIES).containsExactly("roomcast_cluster_stream_lag_seconds");
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}

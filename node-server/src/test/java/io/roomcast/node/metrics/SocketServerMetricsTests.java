package io.roomcast.node.metrics;

import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.EventDropReason;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;
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
                .containsExactlyInAnyOrderElementsOf(io.roomcast.node.metrics.RoomcastMeters.DISCONNECT_REASONS);
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

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}

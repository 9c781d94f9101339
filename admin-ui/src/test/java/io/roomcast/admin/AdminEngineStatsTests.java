package io.roomcast.admin;

import io.roomcast.engine.DisconnectReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminEngineStatsTests {

    @Test
    void shouldCountPollingSessionsUntilTheyUpgradeOrClose() {
        AdminEngineStats stats = new AdminEngineStats();
        stats.sessionOpened("polling");
        stats.sessionOpened("polling");
        stats.sessionOpened("websocket");
        stats.sessionUpgraded("polling", "websocket");

        assertThat(stats.pollingClientsCount()).isEqualTo(1);
        stats.sessionClosed("polling", DisconnectReason.TRANSPORT_CLOSE);
        assertThat(stats.pollingClientsCount()).isZero();
    }

    @Test
    void shouldAggregateEventsPerSecondTypeAndSubTypeAndClearThem() {
        AdminEngineStats stats = new AdminEngineStats();
        stats.sessionOpened("websocket");
        stats.bytesReceived("websocket", 10);
        stats.bytesReceived("websocket", 5);
        stats.bytesSent("websocket", 7);
        stats.sessionClosed("websocket", DisconnectReason.PING_TIMEOUT);

        List<Map<String, Object>> events = stats.drainAggregatedEvents();

        assertThat(events).allSatisfy(event -> {
            assertThat(event).containsKeys("timestamp", "type", "count");
            assertThat((Long) event.get("timestamp") % 1000).isZero();
        });
        assertThat(count(events, "rawConnection")).isEqualTo(1);
        assertThat(count(events, "packetsIn")).isEqualTo(2);
        assertThat(count(events, "bytesIn")).isEqualTo(15);
        assertThat(count(events, "packetsOut")).isEqualTo(1);
        assertThat(count(events, "bytesOut")).isEqualTo(7);
        assertThat(events).anySatisfy(event -> assertThat(event).containsEntry("type", "rawDisconnection")
                .containsEntry("subType", "ping timeout"));
        assertThat(stats.drainAggregatedEvents()).isEmpty();
    }

    private static long count(List<Map<String, Object>> events, String type) {
        return events.stream().filter(event -> event.get("type").equals(type))
                .mapToLong(event -> (Long) event.get("count")).sum();
    }
}

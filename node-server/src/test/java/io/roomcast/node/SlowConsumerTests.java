package io.roomcast.node;

import io.micrometer.core.instrument.Counter;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.cluster.metrics.RoomcastMeters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow consumer (a client that stops reading, as on a stalled network) in a busy room of a real node: the node
 * buffers at most {@code MAX_BUFFERED_BYTES} for it, then closes its session with reason {@code write buffer full}
 * and counts it, while the other member of the room receives every message. Bounded by a message count.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowConsumerTests {

    private static final int MAX_BUFFERED_BYTES = 65_536;
    private static final int MAX_MESSAGES = 20_000;
    private static final String TEXT = "x".repeat(1_900);

    @Test
    void shouldCloseAClientThatStopsReadingAndKeepServingTheRoom() throws Exception {
        try (NodeRuntime node = NodeServer.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", "slow-consumer-node",
                "MAX_PAYLOAD", "16384",
                "MAX_BUFFERED_BYTES", String.valueOf(MAX_BUFFERED_BYTES))), io -> { });
             RawSocketIoClient slow = RawSocketIoClient.connect(node.port(), "{\"user\":\"slow\"}");
             RawSocketIoClient member = RawSocketIoClient.connect(node.port(), "{\"user\":\"member\"}");
             RawSocketIoClient publisher = RawSocketIoClient.connect(node.port(), "{\"user\":\"publisher\"}")) {
            for (RawSocketIoClient client : new RawSocketIoClient[] {slow, member, publisher}) {
                assertThat(client.emitWithAck("join", "\"busy\"")).contains("\"ok\":true");
            }
            slow.stopReading();
            long started = System.nanoTime();
            int sent = 0;
            // the slow client does not read, so it cannot see its own close: the node's counter tells
            while (writeBufferFullCloses(node) == 0 && sent < MAX_MESSAGES) {
                assertThat(publisher.emitWithAck("message", "{\"room\":\"busy\",\"text\":\"" + TEXT + "\"}"))
                        .contains("\"ok\":true");
                sent++;
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(writeBufferFullCloses(node)).as("sessions closed as write buffer full within %d messages",
                    MAX_MESSAGES).isEqualTo(1);
            assertThat(node.io().sockets().sockets()).as("sockets left: the member and the publisher").hasSize(2);

            int last = sent;
            int received = 0;
            for (int n = 1; n <= last; n++) {
                member.awaitFrame(frame -> frame.startsWith("42[\"message\"") && frame.contains(TEXT));
                received++;
            }
            assertThat(received).as("the other member got every message").isEqualTo(sent);
            assertThat(member.emitWithAck("echo", "\"still served\"")).contains("still served");
            slow.close();
            System.out.printf("slow consumer closed (write buffer full, MAX_BUFFERED_BYTES=%d) after %d messages of "
                    + "~%d bytes (%d KB) in %d ms; the other member received all %d%n", MAX_BUFFERED_BYTES, sent,
                    TEXT.length() + 100, sent * (TEXT.length() + 100L) / 1024, tookMs, received);
        }
    }

    private static long writeBufferFullCloses(NodeRuntime node) {
        Counter closes = node.meterRegistry().find(RoomcastMeters.DISCONNECTS).tag("reason", "write_buffer_full")
                .counter();
        return closes == null ? 0 : (long) closes.count();
    }
}

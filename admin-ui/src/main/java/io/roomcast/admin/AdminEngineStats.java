package io.roomcast.admin;

import io.roomcast.engine.DisconnectReason;
import io.roomcast.engine.EngineObserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Engine.IO figures of {@code server_stats} (Node's {@code registerEngineListeners}): connections,
 * disconnections by reason, packets and bytes per second, and the sessions still on polling. An
 * {@link EngineObserver}: give it to the server's builder (with {@link EngineObserver#all} beside another observer)
 * and to {@link AdminUiOptions#withEngineStats}. Without it, {@code aggregatedEvents} is empty and
 * {@code pollingClientsCount} 0.
 *
 * <p>Packets are counted per WebSocket frame or polling body, which can hold several Engine.IO packets (Node counts
 * each packet).
 */
public final class AdminEngineStats implements EngineObserver {

    private static final String POLLING = "polling";

    private final EventBuffer buffer = new EventBuffer();
    private final AtomicInteger polling = new AtomicInteger();

    @Override
    public void sessionOpened(String transport) {
        buffer.push("rawConnection", null, 1);
        if (POLLING.equals(transport)) {
            polling.incrementAndGet();
        }
    }

    @Override
    public void sessionUpgraded(String from, String to) {
        if (POLLING.equals(from)) {
            polling.decrementAndGet();
        }
    }

    @Override
    public void sessionClosed(String transport, DisconnectReason reason) {
        buffer.push("rawDisconnection", reason.text(), 1);
        if (POLLING.equals(transport)) {
            polling.decrementAndGet();
        }
    }

    @Override
    public void bytesReceived(String transport, int bytes) {
        buffer.push("packetsIn", null, 1);
        buffer.push("bytesIn", null, bytes);
    }

    @Override
    public void bytesSent(String transport, int bytes) {
        buffer.push("packetsOut", null, 1);
        buffer.push("bytesOut", null, bytes);
    }

    /** Sessions opened on polling that have neither upgraded nor closed (Node's {@code _pollingClientsCount}). */
    public int pollingClientsCount() {
        return Math.max(0, polling.get());
    }

    /** The events counted since the last call, one entry per second, type and sub-type (Node's {@code getValuesAndClear}). */
    public List<Map<String, Object>> drainAggregatedEvents() {
        return buffer.drain();
    }
}

package io.roomcast.engine.internal;

import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket probing to replace a session's polling transport (socket.ts {@code _maybeUpgrade}):
 * {@code 2probe} is answered {@code 3probe}; while probing, a held GET is released every 100 ms with a noop so the
 * client can pause polling; {@code 5} completes the switch; anything else, an error or the upgrade timeout closes
 * the probe.
 */
final class UpgradeAttempt implements TransportListener {

    private static final long CHECK_INTERVAL_MS = 100;

    private final EngineSocket socket;
    private final Transport probe;
    private final Duration upgradeTimeout;
    private ScheduledFuture<?> timeoutTimer;
    private ScheduledFuture<?> checkTimer;
    private boolean ended;

    UpgradeAttempt(EngineSocket socket, Transport probe, Duration upgradeTimeout) {
        this.socket = socket;
        this.probe = probe;
        this.upgradeTimeout = upgradeTimeout;
    }

    void start() {
        probe.listener(this);
        timeoutTimer = probe.executor.schedule(() -> {
            cleanup();
            probe.close(() -> { });
        }, upgradeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onReady(Transport transport) {
    }

    @Override
    public void onPacket(Transport transport, Packet packet) {
        if (packet.type() == PacketType.PING && "probe".equals(packet.text())) {
            probe.send(List.of(Packet.of(PacketType.PONG, "probe")));
            if (checkTimer != null) {
                checkTimer.cancel(false);
            }
            checkTimer = probe.executor.scheduleAtFixedRate(this::releasePendingPoll, CHECK_INTERVAL_MS,
                    CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
        } else if (packet.type() == PacketType.UPGRADE && !socket.isClosed()) {
            cleanup();
            socket.completeUpgrade(probe);
        } else {
            fail();
        }
    }

    private void releasePendingPoll() {
        Transport current = socket.currentTransport();
        if (current instanceof PollingTransport && current.writable()) {
            current.send(List.of(Packet.NOOP));
        }
    }

    @Override
    public void onInvalidPacket(Transport transport) {
        fail();
    }

    @Override
    public void onError(Transport transport, String message) {
        fail();
    }

    @Override
    public void onClose(Transport transport) {
        fail();
    }

    void onSocketClosed() {
        fail();
    }

    private void fail() {
        cleanup();
        probe.close(() -> { });
    }

    private void cleanup() {
        if (ended) {
            return;
        }
        ended = true;
        if (timeoutTimer != null) {
            timeoutTimer.cancel(false);
        }
        if (checkTimer != null) {
            checkTimer.cancel(false);
        }
        probe.listener(null);
        socket.upgradeEnded();
    }
}

package io.roomcast.engine.internal;

import io.roomcast.engine.DisconnectReason;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.EngineSession;
import io.roomcast.engine.HandshakeRequest;
import io.roomcast.engine.PreparedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session (Node's {@code lib/socket.ts}): write buffer, heartbeat, transport switch on upgrade and the
 * close sequence. Every field is confined to {@link #executor()}; public methods may be called from any thread.
 */
public final class EngineSocket implements EngineSession, TransportListener {

    private static final Logger log = LoggerFactory.getLogger(EngineSocket.class);

    enum State { OPEN, CLOSING, CLOSED }

    private final String id;
    private final HandshakeRequest request;
    private final EventExecutor executor;
    private final EngineRuntime runtime;
    private final EngineHandler handler;
    private final EngineOptions options;

    private final List<Packet> writeBuffer = new ArrayList<>();
    /** Bytes accepted by send() and not yet handed to a transport; read from any thread by isWritable(). */
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile Transport transport;
    private volatile State state = State.OPEN;
    private boolean flushScheduled;
    private Runnable closeOnDrain;
    private UpgradeAttempt upgrade;
    private boolean upgraded;
    private ScheduledFuture<?> pingIntervalTimer;
    private ScheduledFuture<?> pingTimeoutTimer;
    /** When the unanswered ping was sent (System.nanoTime), or 0; for the round-trip metric. */
    private long pingSentAt;

    EngineSocket(String id, HandshakeRequest request, EventExecutor executor, EngineRuntime runtime,
                 Transport transport) {
        this.id = id;
        this.request = request;
        this.executor = executor;
        this.runtime = runtime;
        this.handler = runtime.handler();
        this.options = runtime.options();
        this.transport = transport;
        transport.listener(this);
    }

    /** socket.ts onOpen(): open packet first (flushed at once so it answers the handshake alone), then onOpen. */
    void open() {
        writeBuffer.add(Packet.of(PacketType.OPEN, openPayload()));
        flush();
        runtime.observer().sessionOpened(transport.name());
        try {
            handler.onOpen(this);
        } catch (RuntimeException e) {
            log.warn("EngineHandler.onOpen failed for session {}", id, e);
        }
        schedulePing();
    }

    private String openPayload() {
        String upgrades = transport instanceof PollingTransport && options.transports().contains("websocket")
                ? "[\"websocket\"]" : "[]";
        return "{\"sid\":\"" + id + "\",\"upgrades\":" + upgrades
                + ",\"pingInterval\":" + options.pingInterval().toMillis()
                + ",\"pingTimeout\":" + options.pingTimeout().toMillis()
                + ",\"maxPayload\":" + options.maxPayload() + "}";
    }

    // ---- EngineSession ----

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return transport.name();
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void send(String text) {
        enqueue(Packet.message(Objects.requireNonNull(text, "text must not be null")));
    }

    @Override
    public void send(PreparedMessage message) {
        enqueue(Packet.message(Objects.requireNonNull(message, "message must not be null")));
    }

    @Override
    public void send(byte[] data) {
        enqueue(Packet.message(Objects.requireNonNull(data, "data must not be null").clone()));
    }

    @Override
    public boolean isWritable() {
        Transport current = transport;
        return state == State.OPEN && queuedBytes.get() < options.maxPayload() && current.channelWritable();
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public void close() {
        runOnExecutor(() -> close(false, DisconnectReason.FORCED_CLOSE));
    }

    /** Server shutdown: close without waiting for buffered packets or the next poll (Node's close(discard=true)). */
    public void closeForShutdown() {
        runOnExecutor(() -> close(true, DisconnectReason.SERVER_SHUTTING_DOWN));
    }

    // ---- sending ----

    private void enqueue(Packet packet) {
        queuedBytes.addAndGet(packet.weight());
        runOnExecutor(() -> sendPacket(packet));
    }

    private void sendPacket(Packet packet) {
        if (state != State.OPEN) {
            queuedBytes.addAndGet(-packet.weight());
            return;
        }
        writeBuffer.add(packet);
        if (queuedBytes.get() + transport.bufferedBytes() > options.maxBufferedBytes()) {
            closeSlowClient();
            return;
        }
        if (!flushScheduled) {
            // coalesce every send of this event-loop turn into one write batch and one flush
            flushScheduled = true;
            executor.execute(this::flush);
        }
    }

    /**
     * The client stopped reading (or polling) while messages kept coming: its connection is dropped at once, as its
     * backlog would never drain, and the close reason tells the metrics. Other clients are not held up by it.
     */
    private void closeSlowClient() {
        log.debug("session {}: more than {} bytes waiting for the client; closing", id, options.maxBufferedBytes());
        transport.abort();
        onClose(DisconnectReason.WRITE_BUFFER_FULL);
    }

    private void sendControl(Packet packet) {
        if (state == State.OPEN) {
            writeBuffer.add(packet);
            flush();
        }
    }

    private void flush() {
        flushScheduled = false;
        Transport current = transport;
        if (state == State.CLOSED || !current.writable() || writeBuffer.isEmpty()) {
            return;
        }
        List<Packet> batch = new ArrayList<>(writeBuffer);
        writeBuffer.clear();
        long weight = 0;
        for (Packet packet : batch) {
            if (packet.type() == PacketType.MESSAGE) {
                weight += packet.weight();
            }
        }
        queuedBytes.addAndGet(-weight);
        current.send(batch);
        Runnable drained = closeOnDrain;
        if (drained != null) {
            closeOnDrain = null;
            drained.run();
        }
    }

    // ---- heartbeat (EIO4: the server pings) ----

    private void schedulePing() {
        pingIntervalTimer = executor.schedule(() -> {
            sendControl(Packet.PING);
            pingSentAt = System.nanoTime();
            resetPingTimeout();
        }, options.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resetPingTimeout() {
        cancel(pingTimeoutTimer);
        pingTimeoutTimer = executor.schedule(() -> onClose(DisconnectReason.PING_TIMEOUT),
                options.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- transport events ----

    @Override
    public void onReady(Transport source) {
        flush();
    }

    @Override
    public void onPacket(Transport source, Packet packet) {
        if (state != State.OPEN) {
            return;
        }
        switch (packet.type()) {
            case PING -> onError(source, "invalid heartbeat direction");
            case PONG -> {
                if (pingSentAt != 0) {
                    runtime.observer().pingRoundTrip(System.nanoTime() - pingSentAt);
                    pingSentAt = 0;
                }
                cancel(pingTimeoutTimer);
                cancel(pingIntervalTimer);
                schedulePing();
            }
            case MESSAGE -> deliver(packet);
            default -> {
                // open, upgrade and noop packets mean nothing on an established transport (socket.ts ignores them)
            }
        }
    }

    private void deliver(Packet packet) {
        try {
            if (packet.isBinary()) {
                handler.onMessage(this, packet.binary());
            } else {
                handler.onMessage(this, packet.text() == null ? "" : packet.text());
            }
        } catch (RuntimeException e) {
            log.warn("EngineHandler.onMessage failed for session {}", id, e);
        }
    }

    @Override
    public void onInvalidPacket(Transport source) {
        onClose(DisconnectReason.PARSE_ERROR);
    }

    @Override
    public void onError(Transport source, String message) {
        log.debug("session {} transport error: {}", id, message);
        onClose(DisconnectReason.TRANSPORT_ERROR);
    }

    @Override
    public void onClose(Transport source) {
        onClose(DisconnectReason.TRANSPORT_CLOSE);
    }

    // ---- requests routed to this session ----

    /** A polling request with this sid, after the router checked the sid exists. Runs on the executor. */
    void onPollingRequest(String transportName, PollRequest request) {
        if (state == State.CLOSED) {
            HttpResponses.error(request.channel(), EngineError.UNKNOWN_SID, request.keepAlive());
            return;
        }
        Transport current = transport;
        if (!current.name().equals(transportName) || !(current instanceof PollingTransport polling)) {
            // server.ts verify(): TRANSPORT_MISMATCH (also a plain GET with transport=websocket on a websocket
            // session, which Node would leave hanging)
            HttpResponses.error(request.channel(), EngineError.BAD_REQUEST, request.keepAlive());
            return;
        }
        polling.onRequest(request);
    }

    /**
     * A WebSocket for this sid (server.ts onWebSocket). Returns false when the socket must be refused: closed session,
     * an upgrade already under way or done.
     */
    boolean tryUpgrade(WebSocketTransport probe) {
        if (state == State.CLOSED || upgrade != null || upgraded) {
            return false;
        }
        upgrade = new UpgradeAttempt(this, probe, options.upgradeTimeout());
        upgrade.start();
        return true;
    }

    /** Called by the upgrade attempt when it ends, successfully or not. */
    void upgradeEnded() {
        upgrade = null;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    Transport currentTransport() {
        return transport;
    }

    /** socket.ts, "upgrade" packet on the probe: swap transports and flush what waited. */
    void completeUpgrade(Transport probe) {
        String from = transport.name();
        transport.discard();
        upgraded = true;
        clearTransport();
        transport = probe;
        probe.listener(this);
        runtime.observer().sessionUpgraded(from, probe.name());
        handler.onUpgrade(this);
        flush();
        if (state == State.CLOSING) {
            probe.close(() -> onClose(DisconnectReason.FORCED_CLOSE));
        }
    }

    // ---- closing ----

    private void close(boolean discard, DisconnectReason reason) {
        if (discard && (state == State.OPEN || state == State.CLOSING)) {
            closeTransport(true, reason);
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        if (!writeBuffer.isEmpty()) {
            closeOnDrain = () -> closeTransport(false, reason);
            flush();
            return;
        }
        closeTransport(false, reason);
    }

    private void closeTransport(boolean discard, DisconnectReason reason) {
        if (discard) {
            transport.discard();
        }
        transport.close(() -> onClose(reason));
    }

    private void onClose(DisconnectReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (flushScheduled) {
            // Node flushes on every send; what was sent before this close would already be on the wire there
            flush();
        }
        state = State.CLOSED;
        cancel(pingIntervalTimer);
        cancel(pingTimeoutTimer);
        writeBuffer.clear();
        queuedBytes.set(0);
        closeOnDrain = null;
        clearTransport();
        if (upgrade != null) {
            upgrade.onSocketClosed();
        }
        runtime.remove(this);
        runtime.observer().sessionClosed(transport.name(), reason);
        try {
            handler.onClose(this, reason);
        } catch (RuntimeException e) {
            log.warn("EngineHandler.onClose failed for session {}", id, e);
        }
    }

    /** socket.ts clearTransport(): detach, close the transport, drop the pending pong deadline. */
    private void clearTransport() {
        Transport current = transport;
        current.listener(null);
        current.close(() -> { });
        cancel(pingTimeoutTimer);
    }

    private void runOnExecutor(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}

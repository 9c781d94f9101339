package io.roomcast.socketio.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.roomcast.engine.DisconnectReason;
import io.roomcast.engine.EngineSession;
import io.roomcast.engine.HandshakeRequest;
import io.roomcast.socketio.ConnectionListener;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.adapter.RecoveryResult;
import io.roomcast.socketio.adapter.SessionRestore;
import io.roomcast.socketio.limits.EventLimits;
import io.roomcast.socketio.limits.RateLimitScope;
import io.roomcast.socketio.limits.TokenBucket;
import io.roomcast.socketio.SocketIoObserver;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.MalformedPacketException;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketDecoder;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.roomcast.socketio.protocol.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The Socket.IO side of one Engine.IO session (Node's {@code Client}): decodes packets, connects namespaces,
 * routes packets to namespace sockets and writes frames. Its state is confined to the session's event loop.
 */
final class ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final PacketEncoder ENCODER = new PacketEncoder();
    /** How long a flooder that was sent its DISCONNECT may take to close the connection itself. */
    static final Duration FLOODER_CLOSE_GRACE = Duration.ofSeconds(1);

    private final EngineSession session;
    private final Function<String, Optional<LocalNamespace>> namespaces;
    private final SocketIoObserver observer;
    private final PacketDecoder decoder = new PacketDecoder();
    /** Connected sockets by namespace name (Node's {@code client.nsps}); loop-confined. */
    private final Map<String, NamespaceSocket> sockets = new HashMap<>();
    private ScheduledFuture<?> connectTimer;
    private volatile boolean closed;
    /** The connection's event bucket and its bucket of refusals; null when off. Loop-confined. */
    private final TokenBucket events;
    private final TokenBucket refusals;
    private final EventLimits limits;

    public ClientConnection(EngineSession session, Function<String, Optional<LocalNamespace>> namespaces,
                            SocketIoObserver observer) {
        this(session, namespaces, observer, EventLimits.NONE);
    }

    ClientConnection(EngineSession session, Function<String, Optional<LocalNamespace>> namespaces,
                     SocketIoObserver observer, EventLimits limits) {
        this.session = session;
        this.namespaces = namespaces;
        this.observer = observer;
        this.limits = limits;
        this.events = limits.perConnection().map(TokenBucket::new).orElse(null);
        this.refusals = limits.enabled() ? limits.disconnectAfter().map(TokenBucket::new).orElse(null) : null;
    }

    /**
     * Whether one more client event may reach its socket (on the loop): null when it may, else the limit that
     * refused it. The connection's bucket comes first, so a flooder spends no user budget once it is over its own.
     */
    RateLimitScope admitEvent(NamespaceSocket socket) {
        if (events != null && !events.tryAcquire()) {
            return RateLimitScope.CONNECTION;
        }
        if (limits.perUser().isPresent() && !limits.perUser().get().tryAcquire(socket)) {
            return RateLimitScope.USER;
        }
        return null;
    }

    /**
     * Counts a refused event (on the loop); when the connection has been refused more often than
     * {@link EventLimits#disconnectAfter()} allows, closes it: every namespace gets its DISCONNECT and leaves with
     * {@link DisconnectReason#RATE_LIMITED}, and what the client still sends is ignored undecoded. socket.io-client
     * closes the connection itself on that DISCONNECT; the session is closed {@link #FLOODER_CLOSE_GRACE} later if
     * it has not. Closing at once would reset the TCP connection of a client that is still sending (a close with
     * unread input sends RST), and the client would lose the DISCONNECT and the last acks and just reconnect.
     */
    void eventRefused() {
        if (refusals == null || refusals.tryAcquire() || closed) {
            return;
        }
        log.debug("session {} kept sending events over its rate limit; closing it", session.id());
        for (NamespaceSocket socket : List.copyOf(sockets.values())) {
            socket.write(ENCODER.encode(new Packet(PacketType.DISCONNECT, socket.namespace().name(), null, null)),
                    false);
            socket.onClose(DisconnectReason.RATE_LIMITED);
        }
        closed = true;
        cancelConnectTimer();
        decoder.reset();
        session.executor().schedule(session::close, FLOODER_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    EngineSession session() {
        return session;
    }

    /** Starts the connect timeout: a session that joins no namespace in time is closed (Node's connectTimeout). */
    public void start(Duration connectTimeout) {
        connectTimer = session.executor().schedule(() -> {
            if (sockets.isEmpty()) {
                log.debug("no namespace joined within {}; closing session {}", connectTimeout, session.id());
                close();
            }
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A text message arrived (on the loop). */
    public void onMessage(String text) {
        if (closed) {
            return;
        }
        Packet packet;
        try {
            packet = decoder.add(text);
        } catch (MalformedPacketException e) {
            onParseError(e);
            return;
        }
        if (packet != null) {
            onPacket(packet);
        }
    }

    /** A binary message arrived (on the loop). */
    public void onMessage(byte[] data) {
        if (closed) {
            return;
        }
        Packet packet;
        try {
            packet = decoder.add(data);
        } catch (MalformedPacketException e) {
            onParseError(e);
            return;
        }
        if (packet != null) {
            onPacket(packet);
        }
    }

    /** Node's client.onerror: close the Engine.IO session; the sockets learn the engine's close reason. */
    private void onParseError(MalformedPacketException e) {
        log.debug("invalid packet from session {}: {}", session.id(), e.getMessage());
        closed = true; // ignore whatever the engine still delivers before its close
        decoder.reset();
        session.close();
        closeSockets(DisconnectReason.FORCED_CLOSE);
    }

    private void onPacket(Packet packet) {
        NamespaceSocket socket = sockets.get(packet.nsp());
        if (socket == null && packet.type() == PacketType.CONNECT) {
            connect(packet.nsp(), packet.data());
        } else if (socket != null && packet.type() != PacketType.CONNECT
                && packet.type() != PacketType.CONNECT_ERROR) {
            socket.onPacket(packet);
        } else {
            log.debug("invalid state (packet type {} for {}); closing session {}",
                    packet.type(), packet.nsp(), session.id());
            close();
        }
    }

    @SuppressWarnings("unchecked")
    private void connect(String name, Object auth) {
        Optional<LocalNamespace> found = namespaces.apply(name);
        if (found.isEmpty()) {
            observer.unknownNamespace();
            writePacket(new Packet(PacketType.CONNECT_ERROR, name, Map.of("message", "Invalid namespace"), null));
            return;
        }
        LocalNamespace nsp = found.get();
        Map<String, Object> authPayload = auth == null ? Map.of() : (Map<String, Object>) auth;
        Handshake handshake = handshake(authPayload);
        if (nsp.recovery() != null && authPayload.get("pid") instanceof String pid
                && authPayload.get("offset") instanceof String offset) {
            recover(nsp, handshake, pid, offset);
            return;
        }
        runMiddlewares(nsp, new NamespaceSocket(nsp, this, handshake), List.of());
    }

    /**
     * Connection state recovery (Node's {@code restoreSession} in {@code namespace._add}): the adapter takes the
     * session and the recovered socket joins its rooms; without a session the client gets a fresh socket, and
     * middlewares run as for any new connection.
     */
    private void recover(LocalNamespace nsp, Handshake handshake, String pid, String offset) {
        AtomicReference<NamespaceSocket> restored = new AtomicReference<>();
        CompletableFuture<SessionRestore> restore;
        try {
            restore = nsp.adapter().restoreSession(pid, offset,
                    session -> restored.set(new NamespaceSocket(nsp, this, handshake, session)));
        } catch (RuntimeException e) {
            restore = CompletableFuture.failedFuture(e);
        }
        restore.whenComplete((result, error) -> runOnLoop(() -> {
            NamespaceSocket socket = restored.get();
            RecoveryResult outcome = error != null || result == null ? RecoveryResult.ERROR : result.result();
            if (error != null) {
                log.debug("restoring session {} on {} failed: {}", pid, nsp.name(), error.toString());
            }
            if (outcome == RecoveryResult.RECOVERED && socket != null) {
                observer.recovery(nsp.name(), outcome, result.missedPackets().size());
                List<Middleware> middlewares = nsp.recovery().skipMiddlewares() ? List.of() : nsp.middlewares();
                runMiddlewares(nsp, socket, result.missedPackets(), middlewares);
                return;
            }
            if (socket != null) {
                socket.discard();
            }
            observer.recovery(nsp.name(), outcome == RecoveryResult.RECOVERED ? RecoveryResult.ERROR : outcome, 0);
            runMiddlewares(nsp, new NamespaceSocket(nsp, this, handshake), List.of());
        }));
    }

    private void runMiddlewares(LocalNamespace nsp, NamespaceSocket socket, List<List<Object>> missedPackets) {
        runMiddlewares(nsp, socket, missedPackets, nsp.middlewares());
    }

    private void runMiddlewares(LocalNamespace nsp, NamespaceSocket socket, List<List<Object>> missedPackets,
                                List<Middleware> middlewares) {
        new SocketConnector(socket, middlewares, new SocketConnector.Outcome() {
            @Override
            public void connected() {
                if (closed || !session.isOpen()) {
                    socket.discard(); // "next called after client was closed - ignoring socket"
                    return;
                }
                if (socket.recovered()) {
                    socket.finishRecovery(missedPackets);
                } else {
                    socket.onConnect();
                }
                sockets.put(nsp.name(), socket);
                observer.connected(nsp.name());
                cancelConnectTimer();
                for (ConnectionListener listener : nsp.connectionListeners()) {
                    try {
                        listener.onConnection(socket);
                    } catch (RuntimeException e) {
                        log.warn("connection listener of {} failed", nsp.name(), e);
                    }
                }
            }

            @Override
            public void rejected(String message, Object data) {
                socket.discard();
                observer.connectRejected(nsp.name());
                if (closed || !session.isOpen()) {
                    return;
                }
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("message", message);
                if (data != null) {
                    error.put("data", data);
                }
                writePacket(new Packet(PacketType.CONNECT_ERROR, nsp.name(), error, null));
            }
        }).start();
    }

    private Handshake handshake(Map<String, Object> auth) {
        HandshakeRequest request = session.request();
        long now = System.currentTimeMillis();
        InetSocketAddress remote = request.remote();
        String address = remote == null ? ""
                : remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return new Handshake(auth, request.headers(), request.query(), address, request.url(), now,
                request.secure(), JsDates.format(now));
    }

    /** The Engine.IO session closed (on the loop): every namespace socket disconnects with the engine's reason. */
    /** The session upgraded its transport: each socket tells its upgrade listeners. Loop-confined. */
    public void onUpgrade() {
        for (NamespaceSocket socket : List.copyOf(sockets.values())) {
            socket.upgraded(session.transport());
        }
    }

    public void onClose(DisconnectReason reason) {
        closed = true;
        closeSockets(reason);
    }

    private void closeSockets(DisconnectReason reason) {
        cancelConnectTimer();
        decoder.reset();
        for (NamespaceSocket socket : List.copyOf(sockets.values())) {
            socket.onClose(reason);
        }
        sockets.clear();
    }

    /** Node's client.close: close the session now and disconnect the sockets with "forced server close". */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
        closeSockets(DisconnectReason.FORCED_SERVER_CLOSE);
    }

    /** socket.disconnect(true): every namespace gets its DISCONNECT packet, then the session closes. */
    void disconnectAll() {
        for (NamespaceSocket socket : List.copyOf(sockets.values())) {
            socket.write(ENCODER.encode(new Packet(PacketType.DISCONNECT, socket.namespace().name(), null, null)),
                    false);
            socket.onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        }
        close();
    }

    /** Shuts one socket down for a server stop (Node's {@code socket._onclose("server shutting down")}). */
    public void closeForShutdown() {
        runOnLoop(() -> {
            for (NamespaceSocket socket : List.copyOf(sockets.values())) {
                socket.onClose(DisconnectReason.SERVER_SHUTTING_DOWN);
            }
        });
    }

    void remove(NamespaceSocket socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    private void writePacket(Packet packet) {
        write(ENCODER.encode(packet), false);
    }

    /** Writes a packet's frames contiguously on the loop; drops them once closed or, if volatile, not writable. */
    void write(EncodedPacket frames, boolean volatile_) {
        runOnLoop(() -> writeOnLoop(frames, volatile_));
    }

    /** {@link #write} on the session's loop. */
    void writeOnLoop(EncodedPacket frames, boolean volatile_) {
        if (closed || !session.isOpen()) {
            return;
        }
        if (volatile_ && !session.isWritable()) {
            return; // "volatile packet is discarded"
        }
        session.send(frames.message());
        for (byte[] attachment : frames.attachments()) {
            session.send(attachment);
        }
    }

    void runOnLoop(Runnable task) {
        EventExecutor executor = session.executor();
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    private void cancelConnectTimer() {
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }
}

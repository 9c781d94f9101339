package io.roomcast.cluster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomcast.engine.EngineObserver;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoObserver;
import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.EventDropReason;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.adapter.RecoveryResult;
import io.roomcast.socketio.limits.RateLimitScope;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.roomcast.cluster.metrics.RoomcastMeters.*;

/**
 * The node's Engine.IO and Socket.IO meters ({@link RoomcastMeters}): an {@link EngineObserver} and a
 * {@link SocketIoObserver} that count into a {@link MeterRegistry}. Wire it with
 * {@code SocketIoOptions.withObserver(metrics)}, {@code EngineServer.observe(metrics)} and {@link #watch} (the
 * connection gauges read the server's sockets at scrape time, so they stay right across upgrades). Call
 * {@link #bindTo} before any traffic.
 *
 * <p>Hot paths do no allocation: meters of a namespace are created on its first connection and then looked up in
 * maps; a broadcast adds its socket count to {@value RoomcastMeters#EVENTS_SENT} once, not once per socket.
 */
public final class SocketServerMetrics implements MeterBinder, EngineObserver, SocketIoObserver {

    /** Broadcast fan-out histogram range: one socket to a million. */
    private static final double MAX_DELIVERIES = 1_000_000;
    private static final Duration MIN_LATENCY = Duration.ofNanos(10_000);
    private static final Duration MAX_LATENCY = Duration.ofSeconds(30);
    /** Engine.IO error code of a handshake refused by {@code allowRequest} (server.ts FORBIDDEN). */
    private static final int FORBIDDEN = 4;

    private final Set<String> events;
    private final ConcurrentMap<String, NamespaceMeters> namespaces = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessions = Map.of("polling", new AtomicInteger(),
            "websocket", new AtomicInteger());
    private volatile RoomcastServer server;
    private MeterRegistry registry;
    private Counter handshakesOk;
    private Counter handshakesRejectedAuth;
    private Counter handshakesBadRequest;
    private Counter handshakesTooManyConnections;
    private Map<RateLimitScope, Counter> rateLimited;
    private Map<DisconnectReason, Counter> disconnects;
    private Counter upgrades;
    private Counter httpRequestTimeouts;
    private Map<String, Counter> bytesIn;
    private Map<String, Counter> bytesOut;
    private Timer pingRtt;

    /** @param events event names counted under their own {@code event} tag; others count as {@code other} */
    public SocketServerMetrics(Set<String> events) {
        this.events = Set.copyOf(Objects.requireNonNull(events, "events must not be null"));
    }

    /** The server whose sockets the {@value RoomcastMeters#CONNECTIONS} gauges count. */
    public SocketServerMetrics watch(RoomcastServer server) {
        this.server = Objects.requireNonNull(server, "server must not be null");
        if (registry != null) {
            meters("/"); // the main namespace always exists: show it at 0 before its first connection
        }
        return this;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        handshakesOk = handshakes(RESULT_OK);
        handshakesRejectedAuth = handshakes(RESULT_REJECTED_AUTH);
        handshakesBadRequest = handshakes(RESULT_BAD_REQUEST);
        handshakesTooManyConnections = handshakes(RESULT_TOO_MANY_CONNECTIONS);
        Map<RateLimitScope, Counter> limited = new java.util.EnumMap<>(RateLimitScope.class);
        for (RateLimitScope scope : RateLimitScope.values()) {
            limited.put(scope, Counter.builder(EVENTS_RATE_LIMITED).tag(TAG_SCOPE, scope.tag())
                    .description("Client events refused by a rate limit (connection: RATE_LIMIT_EVENTS, user: "
                            + "RATE_LIMIT_USER_EVENTS)").register(registry));
        }
        rateLimited = limited;
        Map<String, Counter> byTag = new HashMap<>();
        for (String reason : DISCONNECT_REASONS) {
            byTag.put(reason, Counter.builder(DISCONNECTS).tag(TAG_REASON, reason)
                    .description("Namespace socket disconnects").register(registry));
        }
        Map<DisconnectReason, Counter> byReason = new java.util.EnumMap<>(DisconnectReason.class);
        for (DisconnectReason reason : DisconnectReason.values()) {
            byReason.put(reason, byTag.get(reason.tag()));
        }
        disconnects = byReason;
        upgrades = Counter.builder(UPGRADES).description("Polling to websocket upgrades").register(registry);
        httpRequestTimeouts = Counter.builder(HTTP_REQUEST_TIMEOUTS)
                .description("HTTP requests answered 408: not fully sent within HTTP_REQUEST_TIMEOUT")
                .register(registry);
        Map<String, Counter> in = new HashMap<>();
        Map<String, Counter> out = new HashMap<>();
        for (String transport : TRANSPORTS) {
            in.put(transport, Counter.builder(TRANSPORT_RECEIVED).baseUnit("bytes").tag(TAG_TRANSPORT, transport)
                    .description("Engine.IO payload bytes received").register(registry));
            out.put(transport, Counter.builder(TRANSPORT_SENT).baseUnit("bytes").tag(TAG_TRANSPORT, transport)
                    .description("Engine.IO payload bytes sent").register(registry));
            Gauge.builder(ENGINE_SESSIONS, sessions.get(transport), AtomicInteger::get)
                    .tag(TAG_TRANSPORT, transport).strongReference(true)
                    .description("Open Engine.IO sessions").register(registry);
        }
        bytesIn = Map.copyOf(in);
        bytesOut = Map.copyOf(out);
        pingRtt = Timer.builder(PING_RTT).description("Server ping to client pong")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(MAX_LATENCY).register(registry);
    }

    private Counter handshakes(String result) {
        return Counter.builder(HANDSHAKES).tag(TAG_RESULT, result)
                .description("Engine.IO handshakes refused (bad_request, too_many_connections) and namespace connects"
                        + " (ok, rejected_auth)")
                .register(registry);
    }

    // ---------------------------------------------------------------- EngineObserver

    @Override
    public void handshakeRejected(int code, String message) {
        (code == FORBIDDEN ? handshakesRejectedAuth : handshakesBadRequest).increment();
    }

    @Override
    public void tooManyConnections() {
        handshakesTooManyConnections.increment();
    }

    @Override
    public void sessionOpened(String transport) {
        AtomicInteger count = sessions.get(transport);
        if (count != null) {
            count.incrementAndGet();
        }
    }

    @Override
    public void sessionUpgraded(String from, String to) {
        sessionClosedOn(from);
        sessionOpened(to);
        upgrades.increment();
    }

    @Override
    public void sessionClosed(String transport, DisconnectReason reason) {
        sessionClosedOn(transport);
    }

    private void sessionClosedOn(String transport) {
        AtomicInteger count = sessions.get(transport);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    @Override
    public void bytesReceived(String transport, int bytes) {
        Counter counter = bytesIn.get(transport);
        if (counter != null) {
            counter.increment(bytes);
        }
    }

    @Override
    public void bytesSent(String transport, int bytes) {
        Counter counter = bytesOut.get(transport);
        if (counter != null) {
            counter.increment(bytes);
        }
    }

    @Override
    public void httpRequestTimedOut() {
        httpRequestTimeouts.increment();
    }

    @Override
    public void pingRoundTrip(long nanos) {
        pingRtt.record(nanos, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- SocketIoObserver

    @Override
    public void connected(String namespace) {
        meters(namespace);
        handshakesOk.increment();
    }

    @Override
    public void connectRejected(String namespace) {
        handshakesRejectedAuth.increment();
    }

    @Override
    public void unknownNamespace() {
        handshakesBadRequest.increment();
    }

    @Override
    public void disconnected(String namespace, DisconnectReason reason) {
        disconnects.get(reason).increment();
    }

    @Override
    public void eventDropped(String namespace, String event, EventDropReason reason) {
        meters(namespace).dropped(event, reason).increment();
    }

    @Override
    public void joinDenied(String namespace) {
        meters(namespace).joinsDenied.increment();
    }

    @Override
    public void eventRateLimited(String namespace, String event, RateLimitScope scope) {
        rateLimited.get(scope).increment();
    }

    @Override
    public void eventReceived(String namespace, String event) {
        meters(namespace).received(event).increment();
    }

    @Override
    public void eventSent(String namespace, String event) {
        meters(namespace).sent(event).increment();
    }

    @Override
    public void broadcastPublished(String namespace) {
        meters(namespace).broadcastsPublished.increment();
    }

    @Override
    public void broadcastDelivered(String namespace, boolean remote, String event, int sockets, long nanos) {
        NamespaceMeters meters = meters(namespace);
        (remote ? meters.deliveriesRemote : meters.deliveriesLocal).record(sockets);
        (remote ? meters.deliveryRemote : meters.deliveryLocal).record(nanos, TimeUnit.NANOSECONDS);
        if (sockets > 0) {
            meters.sent(event).increment(sockets);
        }
    }

    @Override
    public void recovery(String namespace, RecoveryResult result, int replayedPackets) {
        NamespaceMeters meters = meters(namespace);
        meters.recoveries.get(result).increment();
        if (replayedPackets > 0) {
            meters.replayedPackets.increment(replayedPackets);
        }
    }

    private NamespaceMeters meters(String namespace) {
        NamespaceMeters meters = namespaces.get(namespace);
        return meters != null ? meters : namespaces.computeIfAbsent(namespace, NamespaceMeters::new);
    }

    /** Counts a namespace's sockets on one transport; runs at scrape time. */
    private double connections(String namespace, String transport) {
        RoomcastServer current = server;
        if (current == null) {
            return 0;
        }
        return current.namespace(namespace).map(nsp -> {
            int count = 0;
            for (Socket socket : nsp.sockets().values()) {
                if (transport.equals(socket.transport())) {
                    count++;
                }
            }
            return count;
        }).orElse(0);
    }

    /** The meters of one namespace, registered on its first use (namespaces are few and chosen by the server). */
    private final class NamespaceMeters {
        final Map<String, Counter> received = new HashMap<>();
        final Map<String, Counter> sent = new HashMap<>();
        final Map<String, Counter> dropped = new java.util.concurrent.ConcurrentHashMap<>();
        final String namespace;
        final Counter receivedOther;
        final Counter sentOther;
        final Counter broadcastsPublished;
        final Counter joinsDenied;
        final DistributionSummary deliveriesLocal;
        final DistributionSummary deliveriesRemote;
        final Timer deliveryLocal;
        final Timer deliveryRemote;
        final Map<RecoveryResult, Counter> recoveries = new java.util.EnumMap<>(RecoveryResult.class);
        final Counter replayedPackets;

        NamespaceMeters(String namespace) {
            this.namespace = namespace;
            for (String event : events) {
                received.put(event, eventCounter(EVENTS_RECEIVED, namespace, event));
                sent.put(event, eventCounter(EVENTS_SENT, namespace, event));
            }
            receivedOther = eventCounter(EVENTS_RECEIVED, namespace, EVENT_OTHER);
            sentOther = eventCounter(EVENTS_SENT, namespace, EVENT_OTHER);
            broadcastsPublished = Counter.builder(BROADCASTS_PUBLISHED).tag(TAG_NAMESPACE, namespace)
                    .description("Broadcasts started on this node").register(registry);
            joinsDenied = Counter.builder(ROOM_JOINS_DENIED).tag(TAG_NAMESPACE, namespace)
                    .description("Room joins a room authorizer refused").register(registry);
            deliveriesLocal = deliveries(namespace, ORIGIN_LOCAL);
            deliveriesRemote = deliveries(namespace, ORIGIN_REMOTE);
            deliveryLocal = delivery(namespace, ORIGIN_LOCAL);
            deliveryRemote = delivery(namespace, ORIGIN_REMOTE);
            // at 0 from the start, so that increase() and the recovery alert see the first attempt
            for (RecoveryResult result : RecoveryResult.values()) {
                recoveries.put(result, Counter.builder(RECOVERIES).tag(TAG_NAMESPACE, namespace)
                        .tag(TAG_RESULT, result.tag())
                        .description("Connection state recovery attempts of reconnecting clients").register(registry));
            }
            replayedPackets = Counter.builder(RECOVERY_REPLAYED_PACKETS).tag(TAG_NAMESPACE, namespace)
                    .description("Missed packets replayed to recovered clients").register(registry);
            for (String transport : TRANSPORTS) {
                Gauge.builder(CONNECTIONS, () -> connections(namespace, transport))
                        .tag(TAG_NAMESPACE, namespace).tag(TAG_TRANSPORT, transport)
                        .description("Connected namespace sockets").register(registry);
            }
        }

        Counter received(String event) {
            Counter counter = event == null ? null : received.get(event);
            return counter != null ? counter : receivedOther;
        }

        /** Registered on first use: drops are rare, and reasons × allow-listed events stay few. */
        Counter dropped(String event, EventDropReason reason) {
            String tag = event != null && events.contains(event) ? event : EVENT_OTHER;
            return dropped.computeIfAbsent(tag + ' ' + reason.tag(), key -> Counter.builder(EVENTS_DROPPED)
                    .tag(TAG_NAMESPACE, namespace).tag(TAG_EVENT, tag).tag(TAG_REASON, reason.tag())
                    .description("Client events that reached no listener").register(registry));
        }

        Counter sent(String event) {
            Counter counter = event == null ? null : sent.get(event);
            return counter != null ? counter : sentOther;
        }

        private Counter eventCounter(String name, String namespace, String event) {
            return Counter.builder(name).tag(TAG_NAMESPACE, namespace).tag(TAG_EVENT, event).register(registry);
        }

        private DistributionSummary deliveries(String namespace, String origin) {
            return DistributionSummary.builder(BROADCAST_DELIVERIES).tag(TAG_NAMESPACE, namespace)
                    .tag(TAG_ORIGIN, origin).description("Local sockets reached per broadcast")
                    .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(MAX_DELIVERIES)
                    .register(registry);
        }

        private Timer delivery(String namespace, String origin) {
            return Timer.builder(BROADCAST_DELIVERY).tag(TAG_NAMESPACE, namespace).tag(TAG_ORIGIN, origin)
                    .description("Time to hand one broadcast to all local sockets")
                    .publishPercentileHistogram().minimumExpectedValue(MIN_LATENCY)
                    .maximumExpectedValue(MAX_LATENCY).register(registry);
        }
    }
}

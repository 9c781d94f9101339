package io.roomcast.socketio;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.roomcast.socketio.adapter.AdapterFactory;
import io.roomcast.socketio.limits.EventLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the Socket.IO layer, named and defaulted as in Node's {@code ServerOptions}. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code withX} methods (or use {@link RoomcastServer.Builder}).
 *
 * @param connectTimeout               how long an Engine.IO session may stay without joining any namespace before
 *                                     it is closed (Node's {@code connectTimeout}, 45 s)
 * @param adapter                      creates each namespace's adapter (Node's {@code adapter}): in memory by
 *                                     default, a cluster adapter to share rooms across nodes
 * @param cleanupEmptyChildNamespaces  whether a child of a {@link ParentNamespace} is removed when its last socket
 *                                     leaves (Node's {@code cleanupEmptyChildNamespaces}, false)
 * @param objectMapper                 maps typed payloads and socket data ({@link Socket#on(String, Class,
 *                                     TypedEventListener)}); by default unknown JSON properties are ignored
 * @param observer                     told about connections, events and broadcasts (metrics);
 *                                     {@link SocketIoObserver#NONE} by default
 * @param connectionStateRecovery      Node's {@code connectionStateRecovery}: off (null) by default
 * @param eventLimits                  rate limits on client events, per connection and per user, and when a
 *                                     flooding connection is closed (Roomcast only); {@link EventLimits#NONE} by
 *                                     default
 */
public record SocketIoOptions(Duration connectTimeout, AdapterFactory adapter, boolean cleanupEmptyChildNamespaces,
                              ObjectMapper objectMapper, SocketIoObserver observer,
                              ConnectionStateRecovery connectionStateRecovery, EventLimits eventLimits) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(45_000);
    public static final boolean DEFAULT_CLEANUP_EMPTY_CHILD_NAMESPACES = false;

    public SocketIoOptions {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0");
        }
        Objects.requireNonNull(adapter, "adapter must not be null");
        Objects.requireNonNull(objectMapper, "objectMapper must not be null");
        Objects.requireNonNull(observer, "observer must not be null");
        Objects.requireNonNull(eventLimits, "eventLimits must not be null (EventLimits.NONE for none)");
    }

    /** Without event rate limits. */
    public SocketIoOptions(Duration connectTimeout, AdapterFactory adapter, boolean cleanupEmptyChildNamespaces,
                           ObjectMapper objectMapper, SocketIoObserver observer,
                           ConnectionStateRecovery connectionStateRecovery) {
        this(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer, connectionStateRecovery,
                EventLimits.NONE);
    }

    /** Without connection state recovery. */
    public SocketIoOptions(Duration connectTimeout, AdapterFactory adapter, boolean cleanupEmptyChildNamespaces,
                           ObjectMapper objectMapper, SocketIoObserver observer) {
        this(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer, null);
    }

    /** Node's defaults with the in-memory adapter. */
    public static SocketIoOptions defaults() {
        return new SocketIoOptions(DEFAULT_CONNECT_TIMEOUT, AdapterFactory.IN_MEMORY,
                DEFAULT_CLEANUP_EMPTY_CHILD_NAMESPACES, defaultObjectMapper(), SocketIoObserver.NONE);
    }

    /** The mapper of {@link #defaults()}: a client's extra fields do not make its payload invalid. */
    public static ObjectMapper defaultObjectMapper() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    public SocketIoOptions withConnectTimeout(Duration connectTimeout) {
        return new SocketIoOptions(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer, connectionStateRecovery,
                eventLimits);
    }

    public SocketIoOptions withAdapter(AdapterFactory adapter) {
        return new SocketIoOptions(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer, connectionStateRecovery,
                eventLimits);
    }

    public SocketIoOptions withCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
        return new SocketIoOptions(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer, connectionStateRecovery,
                eventLimits);
    }

    public SocketIoOptions withObjectMapper(ObjectMapper objectMapper) {
        return new SocketIoOptions(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer, connectionStateRecovery,
                eventLimits);
    }

    public SocketIoOptions withObserver(SocketIoObserver observer) {
        return new SocketIoOptions(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer, connectionStateRecovery,
                eventLimits);
    }

    /** Turns connection state recovery on with these settings, or off with null. */
    public SocketIoOptions withConnectionStateRecovery(ConnectionStateRecovery recovery) {
        return new SocketIoOptions(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer,
                recovery, eventLimits);
    }

    /** Rate limits on client events ({@link EventLimits#NONE} for none). */
    public SocketIoOptions withEventLimits(EventLimits eventLimits) {
        return new SocketIoOptions(connectTimeout, adapter, cleanupEmptyChildNamespaces, objectMapper, observer,
                connectionStateRecovery, eventLimits);
    }
}

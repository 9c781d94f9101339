package io.roomcast.cluster.metrics;

import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.EventDropReason;
import io.roomcast.socketio.adapter.RecoveryResult;
import io.roomcast.socketio.limits.RateLimitScope;

import java.util.Arrays;


import java.util.List;

/**
 * Every meter a Roomcast node exposes: the one list of names, tags and tag values (the README's "Metrics" table
 * and {@code helm/roomcast/files/**} dashboards and alerts are written against it; do not rename). Names follow
 * Micrometer's conventions (lowercase, dotted, {@code roomcast.} prefix); Prometheus names are what
 * micrometer-registry-prometheus makes of them ({@code _total} for counters, {@code _seconds} for timers, the base
 * unit before {@code _total}). Every meter also carries the common tag {@value #TAG_NODE} = {@code NODE_ID}.
 * Tags are low-cardinality: never a room, socket id or user; event names are allow-listed ({@code METRICS_EVENTS}).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Micrometer name</th><th>type</th><th>tags</th><th>Prometheus</th></tr>
 *   <tr><td>{@value #CONNECTIONS}</td><td>gauge</td><td>namespace, transport</td><td>roomcast_connections</td></tr>
 *   <tr><td>{@value #ENGINE_SESSIONS}</td><td>gauge</td><td>transport</td><td>roomcast_engine_sessions</td></tr>
 *   <tr><td>{@value #HANDSHAKES}</td><td>counter</td><td>result</td><td>roomcast_handshakes_total</td></tr>
 *   <tr><td>{@value #DISCONNECTS}</td><td>counter</td><td>reason</td><td>roomcast_disconnects_total</td></tr>
 *   <tr><td>{@value #UPGRADES}</td><td>counter</td><td></td><td>roomcast_upgrades_total</td></tr>
 *   <tr><td>{@value #HTTP_REQUEST_TIMEOUTS}</td><td>counter</td><td></td>
 *       <td>roomcast_http_request_timeouts_total</td></tr>
 *   <tr><td>{@value #EVENTS_RECEIVED}</td><td>counter</td><td>namespace, event</td>
 *       <td>roomcast_events_received_total</td></tr>
 *   <tr><td>{@value #EVENTS_DROPPED}</td><td>counter</td><td>namespace, event, reason</td>
 *       <td>roomcast_events_dropped_total</td></tr>
 *   <tr><td>{@value #ROOM_JOINS_DENIED}</td><td>counter</td><td>namespace</td>
 *       <td>roomcast_room_joins_denied_total</td></tr>
 *   <tr><td>{@value #EVENTS_RATE_LIMITED}</td><td>counter</td><td>scope</td>
 *       <td>roomcast_events_rate_limited_total</td></tr>
 *   <tr><td>{@value #EVENTS_SENT}</td><td>counter</td><td>namespace, event</td>
 *       <td>roomcast_events_sent_total</td></tr>
 *   <tr><td>{@value #TRANSPORT_RECEIVED}</td><td>counter (bytes)</td><td>transport</td>
 *       <td>roomcast_transport_received_bytes_total</td></tr>
 *   <tr><td>{@value #TRANSPORT_SENT}</td><td>counter (bytes)</td><td>transport</td>
 *       <td>roomcast_transport_sent_bytes_total</td></tr>
 *   <tr><td>{@value #PING_RTT}</td><td>timer</td><td></td><td>roomcast_ping_rtt_seconds</td></tr>
 *   <tr><td>{@value #BROADCASTS_PUBLISHED}</td><td>counter</td><td>namespace</td>
 *       <td>roomcast_broadcasts_published_total</td></tr>
 *   <tr><td>{@value #BROADCAST_DELIVERIES}</td><td>summary</td><td>namespace, origin</td>
 *       <td>roomcast_broadcast_deliveries</td></tr>
 *   <tr><td>{@value #BROADCAST_DELIVERY}</td><td>timer</td><td>namespace, origin</td>
 *       <td>roomcast_broadcast_delivery_seconds</td></tr>
 *   <tr><td>{@value #RECOVERIES}</td><td>counter</td><td>namespace, result</td>
 *       <td>roomcast_recoveries_total</td></tr>
 *   <tr><td>{@value #RECOVERY_REPLAYED_PACKETS}</td><td>counter</td><td>namespace</td>
 *       <td>roomcast_recovery_replayed_packets_total</td></tr>
 *   <tr><td>{@value #CLUSTER_STREAM_LAG}</td><td>gauge (seconds)</td><td></td>
 *       <td>roomcast_cluster_stream_lag_seconds (only with {@code ADAPTER=redis-streams})</td></tr>
 *   <tr><td>{@value #NODE_INFO}</td><td>gauge = 1</td><td>version</td><td>roomcast_node_info</td></tr>
 *   <tr><td>roomcast.cluster.*</td><td colspan="3">see {@link AdapterMetrics}, re-listed below</td></tr>
 * </table>
 */
public final class RoomcastMeters {

    // ---- node (SocketServerMetrics)
    /** Gauge: connected namespace sockets now, by namespace and transport. */
    public static final String CONNECTIONS = "roomcast.connections";
    /** Gauge: open Engine.IO sessions now, by transport. */
    public static final String ENGINE_SESSIONS = "roomcast.engine.sessions";
    /** Counter: Engine.IO handshakes refused ({@code bad_request}) and namespace connects ({@code ok}, {@code rejected_auth}). */
    public static final String HANDSHAKES = "roomcast.handshakes";
    /** Counter: namespace socket disconnects by reason. */
    public static final String DISCONNECTS = "roomcast.disconnects";
    /** Counter: polling to websocket upgrades. */
    public static final String UPGRADES = "roomcast.upgrades";
    /** Counter: HTTP requests on the client port answered 408, not fully sent within HTTP_REQUEST_TIMEOUT. */
    public static final String HTTP_REQUEST_TIMEOUTS = "roomcast.http.request.timeouts";
    /** Counter: events from clients. */
    public static final String EVENTS_RECEIVED = "roomcast.events.received";
    /**
     * Counter: client events refused by a rate limit, by {@code scope} ({@link #RATE_LIMIT_SCOPES}: the connection's
     * bucket, {@code RATE_LIMIT_EVENTS}, or the user's budget, {@code RATE_LIMIT_USER_EVENTS}); both exist at 0.
     */
    public static final String EVENTS_RATE_LIMITED = "roomcast.events.rate.limited";
    /** Counter: events to clients, one per socket reached (a broadcast to N sockets adds N). */
    public static final String EVENTS_SENT = "roomcast.events.sent";
    /** Counter: {@code socket.join} calls a room authorizer refused (the chat's JWT room policy), by namespace. */
    public static final String ROOM_JOINS_DENIED = "roomcast.room.joins.denied";
    /** Counter, base unit bytes: Engine.IO payload bytes in. */
    public static final String TRANSPORT_RECEIVED = "roomcast.transport.received";
    /** Counter, base unit bytes: Engine.IO payload bytes out. */
    public static final String TRANSPORT_SENT = "roomcast.transport.sent";
    /** Timer (histogram): server ping to client pong. */
    public static final String PING_RTT = "roomcast.ping.rtt";
    /** Counter: broadcasts started on this node. */
    public static final String BROADCASTS_PUBLISHED = "roomcast.broadcasts.published";
    /** Distribution summary (histogram): local sockets reached per broadcast. */
    public static final String BROADCAST_DELIVERIES = "roomcast.broadcast.deliveries";
    /** Timer (histogram): time to hand one broadcast to all local sockets. */
    public static final String BROADCAST_DELIVERY = "roomcast.broadcast.delivery";
    /**
     * Counter: connection state recovery attempts of reconnecting clients, by namespace and {@code result}
     * ({@link #RECOVERY_RESULTS}); every result exists at 0 from a namespace's first connection.
     */
    public static final String RECOVERIES = "roomcast.recoveries";
    /** Counter: missed packets replayed to recovered clients, by namespace. */
    public static final String RECOVERY_REPLAYED_PACKETS = "roomcast.recovery.replayed.packets";
    /** Gauge, base unit seconds: Redis stream reader lag ({@link StreamLagMetrics}, only with redis-streams). */
    public static final String CLUSTER_STREAM_LAG = "roomcast.cluster.stream.lag";
    /** Gauge = 1 with the build version: one series per node. */
    public static final String NODE_INFO = "roomcast.node.info";

    // ---- cluster (AdapterMetrics, only with ADAPTER=redis; the stream lag gauge only with ADAPTER=redis-streams)
    public static final String CLUSTER_MESSAGES_PUBLISHED = AdapterMetrics.MESSAGES_PUBLISHED;
    public static final String CLUSTER_MESSAGES_RECEIVED = AdapterMetrics.MESSAGES_RECEIVED;
    public static final String CLUSTER_MESSAGES_DROPPED = AdapterMetrics.MESSAGES_DROPPED;
    public static final String CLUSTER_PUBSUB_LATENCY = AdapterMetrics.PUBSUB_LATENCY;
    public static final String CLUSTER_REQUEST_LATENCY = AdapterMetrics.REQUEST_LATENCY;
    public static final String CLUSTER_REQUEST_TIMEOUTS = AdapterMetrics.REQUEST_TIMEOUTS;
    public static final String CLUSTER_REDIS_UP = AdapterMetrics.REDIS_UP;
    public static final String CLUSTER_REDIS_RECONNECTS = AdapterMetrics.REDIS_RECONNECTS;
    /** Gauge 1/0: Redis connected but not answering PING within the stall timeout (frozen, overloaded). */
    public static final String CLUSTER_REDIS_STALLED = AdapterMetrics.REDIS_STALLED;

    // ---- tags
    /** Common tag of every meter: {@code NODE_ID}. */
    public static final String TAG_NODE = "node";
    public static final String TAG_NAMESPACE = "namespace";
    /** {@code polling} or {@code websocket}. */
    public static final String TAG_TRANSPORT = "transport";
    public static final String TAG_RESULT = "result";
    public static final String TAG_REASON = "reason";
    /** An allow-listed event name, else {@value #EVENT_OTHER}. */
    public static final String TAG_EVENT = "event";
    /** {@value #ORIGIN_LOCAL} or {@value #ORIGIN_REMOTE}. */
    public static final String TAG_ORIGIN = "origin";
    public static final String TAG_VERSION = "version";
    /** {@code connection} or {@code user}: which rate limit refused an event. */
    public static final String TAG_SCOPE = "scope";

    // ---- tag values
    public static final List<String> TRANSPORTS = List.of("polling", "websocket");
    public static final String RESULT_OK = "ok";
    public static final String RESULT_REJECTED_AUTH = "rejected_auth";
    public static final String RESULT_BAD_REQUEST = "bad_request";
    /** A handshake refused with 429 by {@code MAX_CONNECTIONS_PER_IP}. */
    public static final String RESULT_TOO_MANY_CONNECTIONS = "too_many_connections";
    /** {@code scope} values of {@value #EVENTS_RATE_LIMITED}: the tags of {@link RateLimitScope}. */
    public static final List<String> RATE_LIMIT_SCOPES = Arrays.stream(RateLimitScope.values())
            .map(RateLimitScope::tag).toList();
    public static final String EVENT_OTHER = "other";
    public static final String ORIGIN_LOCAL = "local";
    public static final String ORIGIN_REMOTE = "remote";
    /** {@code reason} values of {@value #DISCONNECTS}: the tags of {@link DisconnectReason}. */
    public static final List<String> DISCONNECT_REASONS = Arrays.stream(DisconnectReason.values())
            .map(DisconnectReason::tag).distinct().toList();
    /** {@code result} values of {@value #RECOVERIES}: the tags of {@link RecoveryResult}. */
    public static final List<String> RECOVERY_RESULTS = Arrays.stream(RecoveryResult.values())
            .map(RecoveryResult::tag).toList();
    /** Prometheus names of series that exist only with {@code ADAPTER=redis-streams}. */
    public static final List<String> STREAMS_ONLY_SERIES = List.of("roomcast_cluster_stream_lag_seconds");
    /** Counter: client events that reached no listener ({@code reason}: {@link EventDropReason#tag()}). */
    public static final String EVENTS_DROPPED = "roomcast.events.dropped";

    private RoomcastMeters() {
    }
}

package io.roomcast.cluster.protocol;

/**
 * The {@code MessageType} of socket.io-adapter's {@code ClusterAdapter} (protocol §3.1), used by the sharded and
 * streams adapters. Not the classic adapter's {@link RequestType}: there 8 and 9 mean CLIENT_COUNT and ACK.
 */
public enum ClusterMessageType {
    /** Heartbeat variant only (cluster-adapter.ts {@code MessageType.INITIAL_HEARTBEAT = 1}). */
    INITIAL_HEARTBEAT(1),
    /** Heartbeat variant only ({@code HEARTBEAT = 2}). */
    HEARTBEAT(2),
    /** {@code {packet, opts, requestId?}}; with a requestId it is a broadcast with acks ({@code BROADCAST = 3}). */
    BROADCAST(3),
    /** {@code {opts, rooms}} ({@code SOCKETS_JOIN = 4}). */
    SOCKETS_JOIN(4),
    /** {@code {opts, rooms}} ({@code SOCKETS_LEAVE = 5}). */
    SOCKETS_LEAVE(5),
    /** {@code {opts, close}} ({@code DISCONNECT_SOCKETS = 6}). */
    DISCONNECT_SOCKETS(6),
    /** {@code {opts, requestId}} ({@code FETCH_SOCKETS = 7}). */
    FETCH_SOCKETS(7),
    /** {@code {requestId, sockets}} ({@code FETCH_SOCKETS_RESPONSE = 8}). */
    FETCH_SOCKETS_RESPONSE(8),
    /** {@code {packet: [event, ...args], requestId?}} ({@code SERVER_SIDE_EMIT = 9}). */
    SERVER_SIDE_EMIT(9),
    /** {@code {requestId, packet}} ({@code SERVER_SIDE_EMIT_RESPONSE = 10}). */
    SERVER_SIDE_EMIT_RESPONSE(10),
    /** {@code {requestId, clientCount}} ({@code BROADCAST_CLIENT_COUNT = 11}). */
    BROADCAST_CLIENT_COUNT(11),
    /** {@code {requestId, packet}} ({@code BROADCAST_ACK = 12}). */
    BROADCAST_ACK(12),
    /** Heartbeat variant only ({@code ADAPTER_CLOSE = 13}). */
    ADAPTER_CLOSE(13);

    private final int code;

    ClusterMessageType(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The type with this wire value, or null when there is none. */
    public static ClusterMessageType fromCode(long code) {
        for (ClusterMessageType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }

    /** Whether {@code data} may hold binary, so a stream entry may carry it as base64 MessagePack (Node's list). */
    public boolean mayContainBinary() {
        return this == BROADCAST || this == FETCH_SOCKETS_RESPONSE || this == SERVER_SIDE_EMIT
                || this == SERVER_SIDE_EMIT_RESPONSE || this == BROADCAST_ACK;
    }
}

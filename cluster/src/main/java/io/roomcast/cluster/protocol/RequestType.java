package io.roomcast.cluster.protocol;

/**
 * The {@code type} of classic-adapter requests and responses, with the wire codes of {@code enum RequestType} in
 * {@code @socket.io/redis-adapter} 8.3.0 {@code lib/index.ts} lines 14-25. Not the sharded adapter's
 * {@code MessageType}, whose numbers mean other things.
 */
public enum RequestType {
    /** {@code SOCKETS = 0} (lib/index.ts:15): legacy {@code allSockets()} of adapters up to 7.x; still answered. */
    SOCKETS(0),
    /** {@code ALL_ROOMS = 1} (lib/index.ts:16): {@code adapter.allRooms()}. */
    ALL_ROOMS(1),
    /** {@code REMOTE_JOIN = 2} (lib/index.ts:17): {@code socketsJoin()}. */
    REMOTE_JOIN(2),
    /** {@code REMOTE_LEAVE = 3} (lib/index.ts:18): {@code socketsLeave()}. */
    REMOTE_LEAVE(3),
    /** {@code REMOTE_DISCONNECT = 4} (lib/index.ts:19): {@code disconnectSockets()}. */
    REMOTE_DISCONNECT(4),
    /** {@code REMOTE_FETCH = 5} (lib/index.ts:20): {@code fetchSockets()}. */
    REMOTE_FETCH(5),
    /** {@code SERVER_SIDE_EMIT = 6} (lib/index.ts:21): {@code serverSideEmit()}, with or without ack. */
    SERVER_SIDE_EMIT(6),
    /** {@code BROADCAST} (lib/index.ts:22, implicitly 7): a broadcast that expects client acks; MessagePack. */
    BROADCAST(7),
    /** {@code BROADCAST_CLIENT_COUNT} (lib/index.ts:23, implicitly 8): response type only. */
    BROADCAST_CLIENT_COUNT(8),
    /** {@code BROADCAST_ACK} (lib/index.ts:24, implicitly 9): response type only; MessagePack. */
    BROADCAST_ACK(9);

    private final int code;

    RequestType(int code) {
        this.code = code;
    }

    /** The number sent in the {@code type} field. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or null for a code this version does not know (such messages are ignored). */
    public static RequestType fromCode(long code) {
        for (RequestType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}

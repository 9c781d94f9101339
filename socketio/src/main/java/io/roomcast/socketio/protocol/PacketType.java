package io.roomcast.socketio.protocol;

/** Socket.IO v5 packet types with their wire codes (socket.io-parser {@code lib/index.ts}, {@code enum PacketType}). */
public enum PacketType {
    CONNECT(0),
    DISCONNECT(1),
    EVENT(2),
    ACK(3),
    CONNECT_ERROR(4),
    BINARY_EVENT(5),
    BINARY_ACK(6);

    private final int code;

    PacketType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire code, or null when the code is not a packet type. */
    public static PacketType fromCode(int code) {
        PacketType[] all = values();
        return code >= 0 && code < all.length ? all[code] : null;
    }
}

package io.roomcast.engine.internal;

/** Engine.IO v4 packet types with their wire digit (engine.io-parser {@code lib/commons.ts} PACKET_TYPES). */
public enum PacketType {
    OPEN('0'), CLOSE('1'), PING('2'), PONG('3'), MESSAGE('4'), UPGRADE('5'), NOOP('6');

    private final char code;

    PacketType(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    /** The type for a wire digit, or null when the digit is unknown (Node's ERROR_PACKET case). */
    static PacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < values().length ? values()[i] : null;
    }
}

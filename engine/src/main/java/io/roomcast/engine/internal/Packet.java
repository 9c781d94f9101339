package io.roomcast.engine.internal;

import io.roomcast.engine.PreparedMessage;
import java.util.Objects;

/**
 * One Engine.IO packet. Exactly one of {@code text} / {@code binary} may be set, and binary only for messages.
 *
 * @param type     packet type
 * @param text     text payload after the type digit, or null
 * @param binary   binary message payload, or null
 * @param prepared the message {@code text} came from when it was prepared for many sessions, or null
 */
public record Packet(PacketType type, String text, byte[] binary, PreparedMessage prepared) {

    public static final Packet NOOP = new Packet(PacketType.NOOP, null, null);
    public static final Packet CLOSE = new Packet(PacketType.CLOSE, null, null);
    public static final Packet PING = new Packet(PacketType.PING, null, null);

    public Packet(PacketType type, String text, byte[] binary) {
        this(type, text, binary, null);
    }

    public Packet {
        Objects.requireNonNull(type, "type must not be null");
        if (text != null && binary != null) {
            throw new IllegalArgumentException("a packet carries text or binary, not both");
        }
        if (binary != null && type != PacketType.MESSAGE) {
            throw new IllegalArgumentException("only message packets carry binary");
        }
    }

    public static Packet of(PacketType type, String text) {
        return new Packet(type, text, null);
    }

    public static Packet message(String text) {
        return new Packet(PacketType.MESSAGE, text, null);
    }

    public static Packet message(PreparedMessage message) {
        return new Packet(PacketType.MESSAGE, message.text(), null, message);
    }

    public static Packet message(byte[] data) {
        return new Packet(PacketType.MESSAGE, null, data);
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** Bytes this packet adds to a send queue, for the back-pressure estimate. */
    int weight() {
        return 1 + (binary != null ? binary.length : text != null ? text.length() : 0);
    }
}

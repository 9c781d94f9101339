package io.roomcast.socketio.protocol;

import java.util.Objects;

/**
 * One Socket.IO packet. {@code data} holds decoded JSON values ({@code LinkedHashMap}, {@code ArrayList},
 * {@code String}, numbers, {@code Boolean}, {@code null}) with {@code byte[]} for binary parts; for packets to send
 * it may hold any Jackson-serialisable value. Binary packets are written as {@link PacketType#EVENT} or
 * {@link PacketType#ACK}: the encoder picks the binary type when {@code data} contains {@code byte[]}.
 *
 * @param type packet type
 * @param nsp  namespace, starting with {@code /}
 * @param data payload, null when the packet has none
 * @param id   ack id, null when no acknowledgement is involved
 */
public record Packet(PacketType type, String nsp, Object data, Long id) {

    public Packet {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(nsp, "nsp must not be null");
        if (!nsp.startsWith("/")) {
            throw new IllegalArgumentException("nsp must start with '/': " + nsp);
        }
        if (id != null && id < 0) {
            throw new IllegalArgumentException("id must be >= 0");
        }
    }

    public Packet withNsp(String nsp) {
        return new Packet(type, nsp, data, id);
    }

    public Packet withId(Long id) {
        return new Packet(type, nsp, data, id);
    }
}

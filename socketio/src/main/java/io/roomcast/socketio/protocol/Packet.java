package io.roomcast.socketio.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /**
     * An EVENT packet {@code [event, ...args]} the server sends; throws, as Node does, for a reserved event name
     * ({@link ReservedEvents}).
     *
     * @param id ack id, null when no acknowledgement is awaited
     */
    public static Packet event(String nsp, String event, Object[] args, Long id) {
        return new Packet(PacketType.EVENT, nsp, eventData(event, args), id);
    }

    /** {@code [event, ...args]}, the data of an EVENT packet (and of a {@code serverSideEmit}), name checked. */
    public static List<Object> eventData(String event, Object[] args) {
        ReservedEvents.check(event);
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(Arrays.asList(args));
        return data;
    }

    public Packet withNsp(String nsp) {
        return new Packet(type, nsp, data, id);
    }

    public Packet withId(Long id) {
        return new Packet(type, nsp, data, id);
    }
}

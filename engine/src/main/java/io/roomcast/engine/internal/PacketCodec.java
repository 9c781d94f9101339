package io.roomcast.engine.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 packet and payload encoding, as engine.io-parser v5 ({@code encodePacket.ts}, {@code decodePacket.ts},
 * {@code index.ts}): packets in a polling payload are joined by the record separator {@code \x1e}; binary in a
 * text payload is {@code b} + base64.
 */
public final class PacketCodec {

    /** engine.io-parser {@code SEPARATOR = String.fromCharCode(30)}. */
    public static final char SEPARATOR = '\u001e';

    private PacketCodec() {
    }

    /** Text form of a packet; binary messages become {@code b<base64>} (used by polling). */
    public static String encodeText(Packet packet) {
        if (packet.isBinary()) {
            return "b" + Base64.getEncoder().encodeToString(packet.binary());
        }
        return packet.text() == null ? String.valueOf(packet.type().code()) : packet.type().code() + packet.text();
    }

    public static String encodePayload(List<Packet> packets) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                out.append(SEPARATOR);
            }
            out.append(encodeText(packets.get(i)));
        }
        return out.toString();
    }

    /** Decodes one text packet; returns null for an invalid packet (Node's ERROR_PACKET). */
    public static Packet decodeText(String encoded) {
        if (encoded.isEmpty()) {
            return null;
        }
        char first = encoded.charAt(0);
        if (first == 'b') {
            return Packet.message(NodeBase64.decode(encoded, 1));
        }
        PacketType type = PacketType.fromCode(first);
        if (type == null) {
            return null;
        }
        return Packet.of(type, encoded.length() > 1 ? encoded.substring(1) : null);
    }

    /**
     * Splits a polling payload. As Node, decoding stops at the first invalid packet, which is returned as a null
     * element at the end of the list.
     */
    public static List<Packet> decodePayload(String payload) {
        List<Packet> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            String part = end < 0 ? payload.substring(start) : payload.substring(start, end);
            Packet packet = decodeText(part);
            packets.add(packet);
            if (packet == null || end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }
}

package io.roomcast.socketio.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the Engine.IO messages of one connection into packets, as socket.io-parser's {@code Decoder}: a text
 * message is a packet, or the head of a binary packet whose attachments follow as binary messages. Binary packets
 * come out as {@link PacketType#EVENT} / {@link PacketType#ACK} with the placeholders replaced by {@code byte[]}.
 *
 * <p>Stateful, so one instance per connection, used from one thread at a time. Every malformed input throws
 * {@link MalformedPacketException}; the connection should then be closed.
 */
public final class PacketDecoder {

    /** socket.io-parser's default {@code maxAttachments}. */
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;

    /** Event names a client may not send (socket.io-parser {@code RESERVED_EVENTS}). */
    private static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private final int maxAttachments;
    private Packet pending;
    private int expectedAttachments;
    private final List<byte[]> attachments = new ArrayList<>();

    public PacketDecoder() {
        this(DEFAULT_MAX_ATTACHMENTS);
    }

    public PacketDecoder(int maxAttachments) {
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("maxAttachments must be >= 0");
        }
        this.maxAttachments = maxAttachments;
    }

    /** Decodes a text message; returns the packet, or null when binary attachments must follow. */
    public Packet add(String text) {
        if (pending != null) {
            reset();
            throw new MalformedPacketException("got plaintext data when reconstructing a packet");
        }
        Header header = new Header(text);
        Packet packet = header.parse();
        if (header.attachments > 0) {
            pending = packet;
            expectedAttachments = header.attachments;
            return null;
        }
        return header.binary ? reconstruct(packet, List.of()) : packet;
    }

    /** Takes one binary attachment; returns the packet once the last attachment arrived, else null. */
    public Packet add(byte[] data) {
        if (pending == null) {
            throw new MalformedPacketException("got binary data when not reconstructing a packet");
        }
        attachments.add(data);
        if (attachments.size() < expectedAttachments) {
            return null;
        }
        Packet packet = pending;
        List<byte[]> buffers = List.copyOf(attachments);
        reset();
        return reconstruct(packet, buffers);
    }

    /** Whether a binary packet is waiting for attachments. */
    public boolean isReconstructing() {
        return pending != null;
    }

    /** Drops a half-received binary packet. */
    public void reset() {
        pending = null;
        expectedAttachments = 0;
        attachments.clear();
    }

    private static Packet reconstruct(Packet packet, List<byte[]> buffers) {
        return new Packet(packet.type(), packet.nsp(), replacePlaceholders(packet.data(), buffers), packet.id());
    }

    @SuppressWarnings("unchecked")
    private static Object replacePlaceholders(Object value, List<byte[]> buffers) {
        if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("_placeholder"))) {
                Object num = map.get("num");
                if (num instanceof Integer index && index >= 0 && index < buffers.size()) {
                    return buffers.get(index);
                }
                throw new MalformedPacketException("illegal attachments");
            }
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                entry.setValue(replacePlaceholders(entry.getValue(), buffers));
            }
        } else if (value instanceof List<?> list) {
            List<Object> items = (List<Object>) list;
            for (int i = 0; i < items.size(); i++) {
                items.set(i, replacePlaceholders(items.get(i), buffers));
            }
        }
        return value;
    }

    /** One pass over {@code <type>[<attachments>-][<nsp>,][<id>][<json>]}, as socket.io-parser's decodeString. */
    private final class Header {
        private final String text;
        private int pos;
        boolean binary;
        int attachments;

        Header(String text) {
            this.text = text;
        }

        Packet parse() {
            if (text.isEmpty() || !isDigit(text.charAt(0))) {
                throw new MalformedPacketException("unknown packet type");
            }
            PacketType type = PacketType.fromCode(text.charAt(0) - '0');
            if (type == null) {
                throw new MalformedPacketException("unknown packet type " + text.charAt(0));
            }
            pos = 1;
            binary = type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK;
            if (binary) {
                attachments = readAttachmentCount();
            }
            String nsp = "/";
            if (pos < text.length() && text.charAt(pos) == '/') {
                int comma = text.indexOf(',', pos);
                int end = comma < 0 ? text.length() : comma;
                nsp = text.substring(pos, end);
                pos = comma < 0 ? end : end + 1;
            }
            Long id = null;
            int idStart = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos > idStart) {
                id = parseId(text.substring(idStart, pos));
            }
            Object data = null;
            boolean hasPayload = pos < text.length();
            if (hasPayload) {
                data = parseJson(text.substring(pos));
            }
            PacketType plainType = type == PacketType.BINARY_EVENT ? PacketType.EVENT
                    : type == PacketType.BINARY_ACK ? PacketType.ACK : type;
            validatePayload(plainType, hasPayload, data);
            return new Packet(plainType, nsp, data, id);
        }

        private int readAttachmentCount() {
            int dash = text.indexOf('-', pos);
            if (dash < 0 || dash == pos) {
                throw new MalformedPacketException("Illegal attachments");
            }
            String digits = text.substring(pos, dash);
            for (int i = 0; i < digits.length(); i++) {
                if (!isDigit(digits.charAt(i))) {
                    throw new MalformedPacketException("Illegal attachments");
                }
            }
            if (digits.length() > 9 || Integer.parseInt(digits) > maxAttachments) {
                throw new MalformedPacketException("too many attachments");
            }
            pos = dash + 1;
            return Integer.parseInt(digits);
        }

        private Long parseId(String digits) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new MalformedPacketException("invalid ack id");
            }
        }

        private Object parseJson(String json) {
            try {
                return Json.MAPPER.readValue(json, Object.class);
            } catch (JsonProcessingException e) {
                throw new MalformedPacketException("invalid payload", e);
            }
        }
    }

    /** socket.io-parser's isPayloadValid: only a present payload is checked, so {@code 2} alone is a valid EVENT. */
    private static void validatePayload(PacketType type, boolean present, Object data) {
        boolean valid = switch (type) {
            case CONNECT -> !present || data instanceof Map;
            case DISCONNECT -> !present;
            case CONNECT_ERROR -> !present || data instanceof String || data instanceof Map;
            case EVENT -> !present || data instanceof List<?> list && !list.isEmpty() && isValidEventName(list.get(0));
            case ACK -> !present || data instanceof List;
            default -> false;
        };
        if (!valid) {
            throw new MalformedPacketException("invalid payload");
        }
    }

    private static boolean isValidEventName(Object name) {
        return name instanceof Number || name instanceof String s && !RESERVED_EVENTS.contains(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.socketio.protocol.PacketDecoder;
import io.roomcast.socketio.protocol.ReservedEvents;

import java.util.List;
import java.util.Map;

/**
 * The checks a packet received from Redis must pass before it is written to clients, so that no other node or
 * publisher on the channels can make socket.io-client drop its connection with "parse error"
 * (socket.io-parser 4.2 {@code Decoder.isPayloadValid} and {@code reconstructPacket}):
 * <ul>
 *   <li>{@code data} is {@code [event, ...args]} with a string event name that is not reserved;</li>
 *   <li>at most {@link #MAX_BINARY_VALUES} binary values (the client decoder's default {@code maxAttachments}:
 *       beyond it the client fails with "too many attachments");</li>
 *   <li>an {@code attachments} field, when a publisher sends one, is an integer equal to the binary values
 *       present;</li>
 *   <li>no {@code {"_placeholder":true}} object in a BINARY_EVENT (5) or next to binary values: attachments never
 *       travel on Redis, so it points at nothing, and our encoder would send it as one ("illegal attachments").
 *       In a plain EVENT without binary such an object is ordinary data, as in Node.</li>
 * </ul>
 */
final class EventShape {

    /** socket.io-parser's default {@code maxAttachments}, which socket.io-client applies to what it receives. */
    static final int MAX_BINARY_VALUES = PacketDecoder.DEFAULT_MAX_ATTACHMENTS;

    private static final int BINARY_EVENT = 5;

    private EventShape() {
    }

    /**
     * @param code   the wire {@code type}, 2 or 5
     * @param packet the packet object, for its optional {@code attachments}
     * @param data   the decoded {@code data}
     * @throws MalformedMessageException naming {@code field} and what is wrong
     */
    static void check(int code, JsonNode packet, List<Object> data, String field) {
        if (data.isEmpty() || !(data.get(0) instanceof String event)) {
            throw new MalformedMessageException(field + ".data must start with a string event name");
        }
        if (ReservedEvents.NAMES.contains(event)) {
            throw new MalformedMessageException(field + ".data names the reserved event \"" + event + "\"");
        }
        Count count = new Count();
        for (int i = 1; i < data.size(); i++) {
            count.walk(data.get(i));
        }
        check(code, packet, count, field);
    }

    private static void check(int code, JsonNode packet, Count count, String field) {
        if (count.binaries > MAX_BINARY_VALUES) {
            throw new MalformedMessageException(field + " carries " + count.binaries + " binary values, limit "
                    + MAX_BINARY_VALUES);
        }
        if (count.placeholders > 0 && (code == BINARY_EVENT || count.binaries > 0)) {
            throw new MalformedMessageException(field + " holds " + count.placeholders
                    + " binary placeholders, which point at nothing on Redis");
        }
        JsonNode attachments = packet.get("attachments");
        if (attachments != null && !attachments.isNull()) {
            if (!attachments.isIntegralNumber() || !attachments.canConvertToInt()
                    || attachments.intValue() != count.binaries) {
                throw new MalformedMessageException(field + ".attachments is " + attachments + " but "
                        + count.binaries + " binary values are present");
            }
        }
    }

    /** As {@link #check(int, JsonNode, List, String)}, for data kept as a ({@link WireValues#normalize}d) tree. */
    static void checkTree(int code, JsonNode packet, JsonNode data, String field) {
        JsonNode first = data.size() == 0 ? null : data.get(0);
        if (first == null || !first.isTextual()) {
            throw new MalformedMessageException(field + ".data must start with a string event name");
        }
        String event = first.textValue();
        if (ReservedEvents.NAMES.contains(event)) {
            throw new MalformedMessageException(field + ".data names the reserved event \"" + event + "\"");
        }
        Count count = new Count();
        for (int i = 1; i < data.size(); i++) {
            count.walkTree(data.get(i));
        }
        check(code, packet, count, field);
    }

    /** Binary values and placeholder objects in the event's arguments. */
    private static final class Count {
        int binaries;
        int placeholders;

        void walk(Object value) {
            if (value instanceof byte[]) {
                binaries++;
            } else if (value instanceof Map<?, ?> map) {
                if (Boolean.TRUE.equals(map.get("_placeholder"))) {
                    placeholders++;
                }
                map.values().forEach(this::walk);
            } else if (value instanceof List<?> list) {
                list.forEach(this::walk);
            }
        }

        void walkTree(JsonNode value) {
            if (value.isBinary()) {
                binaries++;
            } else if (value.isObject()) {
                JsonNode placeholder = value.get("_placeholder");
                if (placeholder != null && placeholder.isBoolean() && placeholder.booleanValue()) {
                    placeholders++;
                }
                value.forEach(this::walkTree);
            } else if (value.isArray()) {
                value.forEach(this::walkTree);
            }
        }
    }
}

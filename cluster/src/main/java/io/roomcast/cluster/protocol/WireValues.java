package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import org.msgpack.jackson.dataformat.MessagePackExtensionType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts decoded trees into the plain Java values that packets carry, as Node's decoders would see them:
 * {@code Map} (insertion ordered), {@code List}, {@code String}, {@code Integer}/{@code Long}/{@code BigInteger},
 * {@code Double}, {@code Boolean}, {@code null} and {@code byte[]} for binary. Collections come out unmodifiable.
 *
 * <p>MessagePack extensions follow notepack.io 3.0.1 ({@code lib/decode.js}): type -1 (timestamp) is a
 * {@code Date}, which we hand on as the string {@code Date.toJSON()} gives, since that is what every client receives;
 * the legacy type 0 forms are {@code undefined} (1 byte, as null), a {@code Date} (8 bytes) or an
 * {@code ArrayBuffer} (as {@code byte[]}); any other type becomes notepack's {@code [type, bytes]}.
 */
final class WireValues {

    /** Dates beyond ±8.64e15 ms are invalid in JavaScript; {@code toJSON()} gives null. */
    private static final double MAX_DATE_MILLIS = 8.64e15;

    private WireValues() {
    }

    static Object toJava(JsonNode node, CodecLimits limits) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                checkEntries(node.size(), limits);
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), toJava(field.getValue(), limits));
                }
                yield Collections.unmodifiableMap(map);
            }
            case ARRAY -> {
                checkEntries(node.size(), limits);
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toJava(element, limits));
                }
                yield Collections.unmodifiableList(list);
            }
            case STRING -> node.textValue();
            case NUMBER -> number(node);
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case BINARY -> binary(node);
            case POJO -> extension((POJONode) node);
        };
    }

    /**
     * The tree {@link #toJava} followed by a conversion back to a tree would give, made in place: what a packet
     * encoder writes to clients without the detour through Java values. Single-precision floats become doubles
     * (notepack reads them as JavaScript numbers), extensions their {@link #toJava} value; containers are checked
     * against the limits as in {@link #toJava}.
     */
    static JsonNode normalize(JsonNode node, CodecLimits limits) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                checkEntries(node.size(), limits);
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    JsonNode value = field.getValue();
                    JsonNode normal = normalize(value, limits);
                    if (normal != value) {
                        field.setValue(normal);
                    }
                }
                return node;
            }
            case ARRAY -> {
                checkEntries(node.size(), limits);
                ArrayNode array = (ArrayNode) node;
                for (int i = 0; i < array.size(); i++) {
                    JsonNode value = array.get(i);
                    JsonNode normal = normalize(value, limits);
                    if (normal != value) {
                        array.set(i, normal);
                    }
                }
                return node;
            }
            case NUMBER -> {
                return node.isFloat() ? JsonNodeFactory.instance.numberNode(node.doubleValue()) : node;
            }
            case MISSING -> {
                return JsonNodeFactory.instance.nullNode();
            }
            case POJO -> {
                return tree(extension((POJONode) node));
            }
            default -> {
                return node;
            }
        }
    }

    /** An extension's Java value (null, String, byte[] or [type, byte[]]) as a tree. */
    private static JsonNode tree(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof byte[] bytes) {
            return nodes.binaryNode(bytes);
        }
        ArrayNode pair = nodes.arrayNode();
        for (Object element : (List<?>) value) {
            pair.add(element instanceof Integer type ? nodes.numberNode(type) : tree(element));
        }
        return pair;
    }

    private static Object number(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return node.intValue();
            }
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        return node.doubleValue();
    }

    static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable binary value", e);
        }
    }

    private static Object extension(POJONode node) {
        if (!(node.getPojo() instanceof MessagePackExtensionType ext)) {
            throw new MalformedMessageException("unexpected value " + node.getPojo());
        }
        byte[] data = ext.getData();
        ByteBuffer in = ByteBuffer.wrap(data);
        if (ext.getType() == -1) {
            return switch (data.length) {
                case 4 -> isoDate(Integer.toUnsignedLong(in.getInt()) * 1e3);
                case 8 -> {
                    long word = in.getLong();
                    long seconds = word & 0x3_ffff_ffffL;
                    long nanos = word >>> 34;
                    yield isoDate(seconds * 1e3 + nanos / 1e6);
                }
                case 12 -> {
                    long nanos = Integer.toUnsignedLong(in.getInt());
                    long seconds = in.getLong();
                    yield isoDate(seconds * 1e3 + nanos / 1e6);
                }
                default -> throw new MalformedMessageException("timestamp extension of " + data.length + " bytes");
            };
        }
        if (ext.getType() == 0) {
            return switch (data.length) {
                case 1 -> null;
                case 8 -> isoDate(in.getLong());
                default -> data;
            };
        }
        return List.of((int) ext.getType(), data);
    }

    /** JavaScript's {@code Date.prototype.toISOString()} of a time value, or null for an invalid date. */
    static String isoDate(double millis) {
        if (Double.isNaN(millis) || Math.abs(millis) > MAX_DATE_MILLIS) {
            return null;
        }
        ZonedDateTime t = Instant.ofEpochMilli((long) millis).atZone(ZoneOffset.UTC);
        int year = t.getYear();
        String yearText = year >= 0 && year <= 9999 ? String.format("%04d", year)
                : (year < 0 ? "-" : "+") + String.format("%06d", Math.abs(year));
        return yearText + String.format("-%02d-%02dT%02d:%02d:%02d.%03dZ", t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
    }

    private static void checkEntries(int size, CodecLimits limits) {
        if (size > limits.maxEntries()) {
            throw new MalformedMessageException(size + " entries in one array or map, limit " + limits.maxEntries());
        }
    }

    /**
     * Rewrites a tree for JSON the way {@code JSON.stringify} treats Node's values: a binary value becomes
     * {@code {"type":"Buffer","data":[...]}} and a non-finite number becomes null.
     */
    static JsonNode forJson(JsonNode node) {
        if (node.isBinary()) {
            ObjectNode buffer = JsonNodeFactory.instance.objectNode();
            buffer.put("type", "Buffer");
            ArrayNode bytes = buffer.putArray("data");
            for (byte b : binary(node)) {
                bytes.add(b & 0xff);
            }
            return buffer;
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, forJson(array.get(i)));
            }
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                field.setValue(forJson(field.getValue()));
            }
        }
        return node;
    }
}

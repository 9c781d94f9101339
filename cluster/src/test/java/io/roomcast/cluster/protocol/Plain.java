package io.roomcast.cluster.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain values that compare with {@code equals}: maps (key order ignored), lists, strings, booleans, null, numbers
 * as {@link Long} when integral and {@link Double} otherwise (JavaScript has one number type), and binary as
 * {@link Binary}.
 */
final class Plain {

    /** A binary value, compared by content. */
    record Binary(String hex) {
        static Binary of(byte[] bytes) {
            return new Binary(HexFormat.of().formatHex(bytes));
        }
    }

    private Plain() {
    }

    static Object of(Object value) {
        if (value instanceof byte[] bytes) {
            return Binary.of(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(of(v)));
            return out;
        }
        if (value instanceof Number number) {
            return number(number);
        }
        return value;
    }

    private static Object number(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big.doubleValue();
        }
        double d = number instanceof BigDecimal dec ? dec.doubleValue() : number.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return (long) d;
        }
        return d;
    }

    /**
     * The plain value after a trip through JSON, as {@code JSON.stringify} then {@code JSON.parse} leave it: binary
     * as {@code {"type":"Buffer","data":[...]}}, non-finite numbers as null.
     */
    static Object asJson(Object plain) {
        if (plain instanceof Binary binary) {
            List<Object> bytes = new ArrayList<>();
            for (byte b : HexFormat.of().parseHex(binary.hex())) {
                bytes.add((long) (b & 0xff));
            }
            Map<String, Object> buffer = new LinkedHashMap<>();
            buffer.put("type", "Buffer");
            buffer.put("data", bytes);
            return buffer;
        }
        if (plain instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (plain instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), asJson(v)));
            return out;
        }
        if (plain instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(asJson(v)));
            return out;
        }
        return plain;
    }
}

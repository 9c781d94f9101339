package io.roomcast.cluster;

import io.roomcast.socketio.Handshake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between our {@link Handshake} and the object Node's {@code socket.handshake} serialises to in a
 * REMOTE_FETCH response (protocol §2.6): header and query values are strings (arrays for repeated values).
 */
final class HandshakeMapping {

    private HandshakeMapping() {
    }

    /** Node's shape: {@code {headers, time, address, xdomain, secure, issued, url, query, auth}}. */
    static Map<String, Object> toWire(Handshake handshake) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("headers", flatten(handshake.headers()));
        out.put("time", handshake.time());
        out.put("address", handshake.address());
        out.put("xdomain", handshake.headers().containsKey("origin"));
        out.put("secure", handshake.secure());
        out.put("issued", handshake.issued());
        out.put("url", handshake.url());
        out.put("query", flatten(handshake.query()));
        out.put("auth", handshake.auth());
        return out;
    }

    /** Reads what another node sent, leniently: a field of an unexpected type becomes its empty value. */
    static Handshake fromWire(Map<String, Object> wire) {
        return new Handshake(objectMap(wire.get("auth")), multiMap(wire.get("headers")),
                multiMap(wire.get("query")), text(wire.get("address")), text(wire.get("url")),
                wire.get("issued") instanceof Number issued ? issued.longValue() : 0L,
                Boolean.TRUE.equals(wire.get("secure")), text(wire.get("time")));
    }

    private static Map<String, Object> flatten(Map<String, List<String>> multi) {
        Map<String, Object> out = new LinkedHashMap<>();
        multi.forEach((name, values) -> out.put(name, values.size() == 1 ? values.get(0) : values));
        return out;
    }

    private static Map<String, List<String>> multiMap(Object value) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, values) -> {
                List<String> list = new ArrayList<>();
                if (values instanceof List<?> many) {
                    many.forEach(v -> list.add(String.valueOf(v)));
                } else if (values != null) {
                    list.add(String.valueOf(values));
                }
                out.put(String.valueOf(name), List.copyOf(list));
            });
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objectMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}

package io.roomcast.engine.internal;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a request's query string as Node's {@code querystring} does: a malformed escape such as {@code %%%} is kept
 * literally instead of failing the request (Netty's decoder throws), so a garbage sid gets Node's
 * "Session ID unknown" rather than a dropped connection.
 */
final class LenientQuery {

    private LenientQuery() {
    }

    static Map<String, List<String>> parameters(String uri) {
        try {
            return new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException malformedEscape) {
            return parseLeniently(uri);
        }
    }

    private static Map<String, List<String>> parseLeniently(String uri) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        int start = uri.indexOf('?');
        if (start < 0) {
            return params;
        }
        for (String pair : uri.substring(start + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Decodes valid {@code %XX} escapes and {@code +}; leaves anything else as it is. */
    private static String unescape(String component) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%' && isHex(component, i + 1) && isHex(component, i + 2)) {
                flush(literal, bytes);
                bytes.write(Integer.parseInt(component.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                literal.append(c == '+' ? ' ' : c);
            }
        }
        flush(literal, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void flush(StringBuilder literal, ByteArrayOutputStream bytes) {
        byte[] encoded = literal.toString().getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        literal.setLength(0);
    }

    private static boolean isHex(String s, int index) {
        return index < s.length() && Character.digit(s.charAt(index), 16) >= 0;
    }
}

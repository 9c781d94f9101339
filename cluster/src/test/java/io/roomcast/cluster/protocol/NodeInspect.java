package io.roomcast.cluster.protocol;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what Node's {@code util.inspect} printed for a decoded message in {@code decoded-psub.txt}:
 * {@code [ 'KJlTkQ', { type: 2, data: [ 'bin', <Buffer 01 02 03> ], nsp: '/' }, ... ]}. Produces {@link Plain}
 * values; anything it does not understand (such as {@code [Object]} from a depth cut) is an error.
 */
final class NodeInspect {

    private final String text;
    private int pos;

    private NodeInspect(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        NodeInspect parser = new NodeInspect(text);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("trailing text");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        char c = peek();
        if (c == '[') {
            return array();
        }
        if (c == '{') {
            return object();
        }
        if (c == '\'' || c == '"' || c == '`') {
            return string();
        }
        if (text.startsWith("<Buffer", pos)) {
            return buffer();
        }
        if (c == '-' || Character.isDigit(c)) {
            return number();
        }
        String word = identifier();
        return switch (word) {
            case "true" -> true;
            case "false" -> false;
            case "null", "undefined" -> null;
            default -> throw error("unexpected word " + word);
        };
    }

    private List<Object> array() {
        expect('[');
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            char c = peek();
            String key = c == '\'' || c == '"' ? string() : identifier();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            skipSpace();
            expect('}');
            return map;
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '0' -> out.append('\0');
                case 'x' -> {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
                    pos += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private Plain.Binary buffer() {
        int end = text.indexOf('>', pos);
        String body = text.substring(pos + "<Buffer".length(), end).trim();
        if (body.contains("more byte")) {
            throw error("truncated Buffer");
        }
        pos = end + 1;
        return new Plain.Binary(HexFormat.of().formatHex(HexFormat.of().parseHex(body.replace(" ", ""))));
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "-+.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        return Plain.of(Double.parseDouble(text.substring(start, pos)));
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '$')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a value");
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at " + pos + " in: " + text);
    }
}

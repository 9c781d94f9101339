package io.roomcast.engine.internal;

import java.io.ByteArrayOutputStream;

/**
 * Base64 decoding with Node's {@code Buffer.from(s, "base64")} leniency: both the standard and the URL-safe alphabet
 * are accepted, other characters are skipped, decoding stops at the first {@code =}. Node never rejects a
 * {@code b...} packet for bad base64, so neither do we (the message simply carries the decodable bytes).
 */
final class NodeBase64 {

    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
        VALUES['-'] = 62;
        VALUES['_'] = 63;
    }

    private NodeBase64() {
    }

    static byte[] decode(String s, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((s.length() - from) * 3 / 4);
        int buffer = 0;
        int bits = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                break;
            }
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                continue;
            }
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xff);
            }
        }
        return out.toByteArray();
    }
}

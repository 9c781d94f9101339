package io.roomcast.cluster.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * The Redis channels of one namespace in the classic adapter (protocol §2.2), built as
 * {@code @socket.io/redis-adapter} 8.3.0 builds them in its constructor ({@code lib/index.ts} lines 138-141).
 *
 * @param key the channel prefix, Node's {@code opts.key} (default {@code socket.io})
 * @param nsp the namespace name, starting with {@code /}
 */
public record ChannelNames(String key, String nsp) {

    /** Node's default {@code key}. */
    public static final String DEFAULT_KEY = "socket.io";

    public ChannelNames {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(nsp, "nsp must not be null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (!nsp.startsWith("/")) {
            throw new IllegalArgumentException("nsp must start with '/': " + nsp);
        }
    }

    /** {@code key#nsp#}: broadcasts to all sockets or to several rooms ({@code this.channel}, lib/index.ts:138). */
    public String broadcast() {
        return key + "#" + nsp + "#";
    }

    /** {@code key#nsp#room#}: broadcasts to exactly one room (lib/index.ts:633, {@code channel += room + "#"}). */
    public String room(String room) {
        Objects.requireNonNull(room, "room must not be null");
        return broadcast() + room + "#";
    }

    /**
     * The pattern that receives every broadcast of the namespace: {@code key#nsp#*}, with Redis glob characters in
     * the key and namespace escaped so the pattern matches them literally (Node does not escape; with plain names
     * the pattern is the same as Node's {@code this.channel + "*"}).
     */
    public String broadcastPattern() {
        return escapeGlob(broadcast()) + "*";
    }

    /** {@code key-request#nsp#}: every request; SUBSCRIBEd, since NUMSUB of it counts the servers (lib/index.ts:139). */
    public String request() {
        return key + "-request#" + nsp + "#";
    }

    /** {@code key-response#nsp#}: responses by default (lib/index.ts:140). */
    public String response() {
        return key + "-response#" + nsp + "#";
    }

    /** {@code key-response#nsp#uid#}: responses to node {@code uid} from a responder with
     * {@code publishOnSpecificResponseChannel} (lib/index.ts:141 and 481-483). */
    public String response(String uid) {
        Objects.requireNonNull(uid, "uid must not be null");
        return response() + uid + "#";
    }

    /**
     * The room a broadcast channel targets, as Node's {@code onmessage} computes it
     * ({@code channel.slice(this.channel.length, -1)}, lib/index.ts:210): {@code ""} for {@code key#nsp#}, the room
     * for {@code key#nsp#room#}, empty when the channel is not a broadcast channel of this namespace.
     */
    public Optional<String> roomOf(String channel) {
        String prefix = broadcast();
        if (channel == null || !channel.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = Math.max(prefix.length(), channel.length() - 1);
        return Optional.of(channel.substring(prefix.length(), end));
    }

    private static String escapeGlob(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 4);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}

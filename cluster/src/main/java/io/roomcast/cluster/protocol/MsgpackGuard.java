package io.roomcast.cluster.protocol;

/**
 * Walks the headers of a MessagePack payload before Jackson reads it. Jackson's MessagePack parser allocates a
 * string or binary of the length its header claims, so five hostile bytes could ask for 4 GiB; here every length
 * is checked against the bytes that are really there and against {@link CodecLimits}, nesting is bounded, map keys
 * must be strings (as notepack.io writes them) and nothing may follow the top-level value (notepack.io's
 * {@code decode} rejects trailing bytes too).
 */
final class MsgpackGuard {

    private final byte[] bytes;
    private final CodecLimits limits;
    private int pos;

    private MsgpackGuard(byte[] bytes, CodecLimits limits) {
        this.bytes = bytes;
        this.limits = limits;
    }

    static void check(byte[] bytes, CodecLimits limits) {
        MsgpackGuard guard = new MsgpackGuard(bytes, limits);
        guard.value(0, false);
        if (guard.pos != bytes.length) {
            throw new MalformedMessageException((bytes.length - guard.pos) + " trailing bytes after the message");
        }
    }

    private void value(int depth, boolean key) {
        int prefix = u8();
        if (key && !isString(prefix)) {
            throw new MalformedMessageException(String.format("map key at offset %d is not a string (0x%02x)",
                    pos - 1, prefix));
        }
        if (prefix <= 0x7f || prefix >= 0xe0) {
            return; // positive / negative fixint
        }
        if (prefix <= 0x8f) {
            map(prefix & 0x0f, depth);
        } else if (prefix <= 0x9f) {
            array(prefix & 0x0f, depth);
        } else if (prefix <= 0xbf) {
            string(prefix & 0x1f);
        } else {
            switch (prefix) {
                case 0xc0, 0xc2, 0xc3 -> { } // nil, false, true
                case 0xc4 -> skip(u8());
                case 0xc5 -> skip(u16());
                case 0xc6 -> skip(u32());
                case 0xc7 -> extension(u8());
                case 0xc8 -> extension(u16());
                case 0xc9 -> extension(u32());
                case 0xca, 0xce, 0xd2 -> skip(4);
                case 0xcb, 0xcf, 0xd3 -> skip(8);
                case 0xcc, 0xd0 -> skip(1);
                case 0xcd, 0xd1 -> skip(2);
                case 0xd4 -> extension(1);
                case 0xd5 -> extension(2);
                case 0xd6 -> extension(4);
                case 0xd7 -> extension(8);
                case 0xd8 -> extension(16);
                case 0xd9 -> string(u8());
                case 0xda -> string(u16());
                case 0xdb -> string(u32());
                case 0xdc -> array(u16(), depth);
                case 0xdd -> array(u32(), depth);
                case 0xde -> map(u16(), depth);
                case 0xdf -> map(u32(), depth);
                default -> throw new MalformedMessageException(
                        String.format("invalid MessagePack byte 0x%02x at offset %d", prefix, pos - 1));
            }
        }
    }

    private static boolean isString(int prefix) {
        return (prefix >= 0xa0 && prefix <= 0xbf) || prefix == 0xd9 || prefix == 0xda || prefix == 0xdb;
    }

    private void array(long size, int depth) {
        enter(size, size, depth);
        for (long i = 0; i < size; i++) {
            value(depth + 1, false);
        }
    }

    private void map(long size, int depth) {
        enter(size, size * 2, depth);
        for (long i = 0; i < size; i++) {
            value(depth + 1, true);
            value(depth + 1, false);
        }
    }

    private void enter(long entries, long minimumBytes, int depth) {
        if (depth + 1 > limits.maxNestingDepth()) {
            throw new MalformedMessageException("nesting deeper than " + limits.maxNestingDepth());
        }
        if (entries > limits.maxEntries()) {
            throw new MalformedMessageException(entries + " entries in one array or map, limit "
                    + limits.maxEntries());
        }
        if (minimumBytes > remaining()) {
            throw new MalformedMessageException("array or map of " + entries + " entries in " + remaining()
                    + " remaining bytes");
        }
    }

    private void string(long length) {
        if (length > limits.maxStringBytes()) {
            throw new MalformedMessageException("string of " + length + " bytes, limit " + limits.maxStringBytes());
        }
        skip(length);
    }

    private void extension(long length) {
        skip(1); // type
        skip(length);
    }

    private void skip(long length) {
        if (length > remaining()) {
            throw new MalformedMessageException("value of " + length + " bytes at offset " + pos + " but only "
                    + remaining() + " remain");
        }
        pos += (int) length;
    }

    private long remaining() {
        return bytes.length - pos;
    }

    private int u8() {
        if (pos >= bytes.length) {
            throw new MalformedMessageException("message ends in the middle of a value");
        }
        return bytes[pos++] & 0xff;
    }

    private int u16() {
        return (u8() << 8) | u8();
    }

    private long u32() {
        return ((long) u16() << 16) | u16();
    }
}

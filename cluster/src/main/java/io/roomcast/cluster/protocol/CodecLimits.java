package io.roomcast.cluster.protocol;

/**
 * Bounds on what {@link MessageCodec} accepts, so a corrupt or hostile message cannot make this node allocate
 * gigabytes or recurse without end: a MessagePack header may claim 4 GiB with five bytes. Messages beyond them are
 * {@link MalformedMessageException}s.
 *
 * @param maxMessageBytes   size of one whole payload
 * @param maxStringBytes    UTF-8 bytes of one string (binary values are bounded by the message size only)
 * @param maxEntries        elements of one array or entries of one map
 * @param maxNestingDepth   arrays and maps inside each other
 */
public record CodecLimits(int maxMessageBytes, int maxStringBytes, int maxEntries, int maxNestingDepth) {

    /** 64 MiB: far above Socket.IO's 1 MB default {@code maxHttpBufferSize}, far below Redis' 512 MB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_STRING_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;
    /** Jackson's JSON default is 500; event payloads deeper than 100 levels are not something a chat sends. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 100;

    public static final CodecLimits DEFAULT = new CodecLimits(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_STRING_BYTES,
            DEFAULT_MAX_ENTRIES, DEFAULT_MAX_NESTING_DEPTH);

    public CodecLimits {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be > 0");
        }
        if (maxStringBytes <= 0) {
            throw new IllegalArgumentException("maxStringBytes must be > 0");
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be > 0");
        }
        if (maxNestingDepth <= 0) {
            throw new IllegalArgumentException("maxNestingDepth must be > 0");
        }
    }
}

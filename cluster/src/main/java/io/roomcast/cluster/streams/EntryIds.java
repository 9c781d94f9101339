package io.roomcast.cluster.streams;

import java.util.regex.Pattern;

/** Stream entry ids {@code <ms>-<seq>}: the offsets of connection state recovery (protocol §1.4, §6.8). */
final class EntryIds {

    /** What Node accepts as an offset before it asks Redis ({@code /^[0-9]+-[0-9]+$/}). */
    private static final Pattern ID = Pattern.compile("^[0-9]{1,19}-[0-9]{1,19}$");

    /** Before every real id; where a reader of an empty stream starts. */
    static final String ZERO = "0-0";

    private EntryIds() {
    }

    static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static long millis(String id) {
        return Long.parseUnsignedLong(id.substring(0, id.indexOf('-')));
    }

    static long sequence(String id) {
        return Long.parseUnsignedLong(id.substring(id.indexOf('-') + 1));
    }

    static int compare(String a, String b) {
        int byTime = Long.compareUnsigned(millis(a), millis(b));
        return byTime != 0 ? byTime : Long.compareUnsigned(sequence(a), sequence(b));
    }

    /** The smallest id after {@code id}: an exclusive range start that works before Redis 6.2 (Node's nextOffset). */
    static String next(String id) {
        return millis(id) + "-" + Long.toUnsignedString(sequence(id) + 1);
    }
}

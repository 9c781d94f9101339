package io.roomcast.node.chat;

import java.util.List;

/**
 * Which rooms a JWT user may join: rooms {@code user:<owner>:...} only when {@code <owner>} is the user's own
 * {@code sub}, whatever the patterns say; any other room when one of the token's {@code rooms} patterns matches it
 * ({@code *} matches any run of characters, everything else itself), or freely when the token has no such claim.
 *
 * <p>The owner of a user room is what stands between {@code user:} and the next {@code :}, so every user room has
 * one possible owner: a {@code sub} containing {@code :} owns none (else {@code alice} and {@code alice:x} would
 * share {@code user:alice:x:...}). A room {@code user:...} without a second {@code :} is not a user room.
 */
record RoomPolicy(String subject, List<String> patterns) {

    static final String USER_ROOM_PREFIX = "user:";

    /** @param patterns the token's {@code rooms} claim, or null when it has none (every non-user room allowed) */
    RoomPolicy {
        patterns = patterns == null ? null : List.copyOf(patterns);
    }

    boolean allows(String room) {
        String owner = owner(room);
        if (owner != null) {
            return owner.equals(subject);
        }
        if (patterns == null) {
            return true;
        }
        for (String pattern : patterns) {
            if (Glob.matches(pattern, room)) {
                return true;
            }
        }
        return false;
    }

    /** The owner of a user room {@code user:<owner>:...}, or null when the room is not one. */
    static String owner(String room) {
        if (!room.startsWith(USER_ROOM_PREFIX)) {
            return null;
        }
        int end = room.indexOf(':', USER_ROOM_PREFIX.length());
        return end < 0 ? null : room.substring(USER_ROOM_PREFIX.length(), end);
    }

    /** Glob patterns where {@code *} matches any run of characters (none included); no other character is special. */
    static final class Glob {

        private Glob() {
        }

        /**
         * Greedy matching with one backtrack point (the last {@code *}): O(pattern × text) at worst, no regex, so a
         * pattern like {@code *a*a*a*b} cannot blow up.
         */
        static boolean matches(String pattern, String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int resume = 0;
            while (t < text.length()) {
                if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    resume = t;
                } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                    p++;
                    t++;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++resume;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }
}

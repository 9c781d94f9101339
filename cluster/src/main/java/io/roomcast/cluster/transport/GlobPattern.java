package io.roomcast.cluster.transport;

/**
 * Redis' glob matching for PSUBSCRIBE ({@code stringmatchlen} in {@code util.c}): {@code *}, {@code ?},
 * {@code [abc]}, {@code [^abc]}, {@code [a-z]} and {@code \} escapes. Used by the in-memory transport.
 */
final class GlobPattern {

    private GlobPattern() {
    }

    static boolean matches(String pattern, String text) {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (matches(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    int end = classEnd(p, pi);
                    if (!inClass(p, pi + 1, end, s.charAt(si))) {
                        return false;
                    }
                    si++;
                    pi = end + 1;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length()) {
                        pi++;
                        c = p.charAt(pi);
                    }
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    si++;
                    pi++;
                }
            }
        }
        return si == s.length();
    }

    /** Index of the closing {@code ]}, or the pattern's length when the class is not closed. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        while (i < p.length() && p.charAt(i) != ']') {
            i += p.charAt(i) == '\\' && i + 1 < p.length() ? 2 : 1;
        }
        return i;
    }

    private static boolean inClass(String p, int from, int end, char c) {
        boolean negate = from < end && p.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean match = false;
        while (i < end) {
            char first = p.charAt(i);
            if (first == '\\' && i + 1 < end) {
                match |= p.charAt(i + 1) == c;
                i += 2;
            } else if (i + 2 < end && p.charAt(i + 1) == '-') {
                char low = first;
                char high = p.charAt(i + 2);
                if (low > high) {
                    char swap = low;
                    low = high;
                    high = swap;
                }
                match |= c >= low && c <= high;
                i += 3;
            } else {
                match |= first == c;
                i++;
            }
        }
        return negate != match;
    }
}

package io.roomcast.node.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Everything that is not a metric name is removed first: string
 * literals, label matchers {@code {...}}, range and subquery brackets {@code [...]}, grouping clauses
 * ({@code by (...)}, {@code on (...)}, ...), {@code offset} durations, Grafana variables; then an identifier that
 * is followed by {@code (} is a function or aggregation, and keywords and numbers are skipped.
 */
final class PromQlMetricNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-zA-Z_$]+");
    private static final Pattern VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "offset", "inf", "nan");

    private PromQlMetricNames() {
    }

    static Set<String> of(String promql) {
        String rest = STRINGS.matcher(promql).replaceAll(" ");
        rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
        rest = BRACKETS.matcher(rest).replaceAll(" ");
        rest = OFFSET.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = VARIABLES.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(rest);
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean isCall = matcher.group(2) != null;
            if (!isCall && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}

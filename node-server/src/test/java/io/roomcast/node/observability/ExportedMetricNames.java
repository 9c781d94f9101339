package io.roomcast.node.observability;

import java.util.Set;
import java.util.TreeSet;

/** The series names in a Prometheus text exposition ({@code GET /metrics}), histogram suffixes included. */
final class ExportedMetricNames {

    private ExportedMetricNames() {
    }

    static Set<String> of(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            String sample = line.strip();
            if (sample.isEmpty() || sample.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
                end++;
            }
            names.add(sample.substring(0, end));
        }
        return names;
    }
}

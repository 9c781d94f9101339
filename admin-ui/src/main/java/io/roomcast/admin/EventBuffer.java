package io.roomcast.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node's {@code EventBuffer}: counts per second (the timestamp's milliseconds set to 0), type and sub-type, taken
 * and cleared by each {@code server_stats}. Thread-safe; a push is a map lookup and an add.
 */
final class EventBuffer {

    private record Key(long second, String type, String subType) {
    }

    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void push(String type, String subType, long count) {
        long second = System.currentTimeMillis() / 1000 * 1000;
        counts.computeIfAbsent(new Key(second, type, subType), k -> new LongAdder()).add(count);
    }

    /** The counts so far as the UI reads them ({@code timestamp}, {@code type}, {@code subType}, {@code count}). */
    List<Map<String, Object>> drain() {
        List<Map<String, Object>> values = new ArrayList<>();
        for (Key key : List.copyOf(counts.keySet())) {
            LongAdder adder = counts.remove(key);
            if (adder == null) {
                continue;
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("timestamp", key.second());
            event.put("type", key.type());
            if (key.subType() != null) {
                event.put("subType", key.subType());
            }
            event.put("count", adder.sum());
            values.add(event);
        }
        return values;
    }
}

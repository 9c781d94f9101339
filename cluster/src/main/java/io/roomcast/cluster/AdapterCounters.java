package io.roomcast.cluster;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link AdapterStats}; updated from transport and timer threads. */
final class AdapterCounters {

    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder requestTimeouts = new LongAdder();
    private final Map<AdapterStats.DropReason, LongAdder> dropped = new EnumMap<>(AdapterStats.DropReason.class);

    AdapterCounters() {
        for (AdapterStats.DropReason reason : AdapterStats.DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    void dropped(AdapterStats.DropReason reason) {
        dropped.get(reason).increment();
    }

    AdapterStats snapshot() {
        Map<AdapterStats.DropReason, Long> drops = new EnumMap<>(AdapterStats.DropReason.class);
        dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
        return new AdapterStats(published.sum(), publishFailures.sum(), received.sum(), drops,
                requestTimeouts.sum());
    }
}

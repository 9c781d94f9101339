package io.roomcast.cluster.transport;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link TransportStats}. */
final class TransportCounters {

    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder publishTimeouts = new LongAdder();

    TransportStats snapshot() {
        return new TransportStats(published.sum(), publishFailures.sum(), received.sum(), disconnects.sum(),
                reconnects.sum(), publishTimeouts.sum());
    }
}

package io.roomcast.cluster;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of one cluster adapter (one namespace on this node) since it was created. The metrics binder reads
 * these; nothing the adapter drops goes uncounted.
 *
 * @param published       messages handed to the transport and accepted (broadcasts, requests, responses)
 * @param publishFailures publishes the transport could not send; local delivery still happened
 * @param received        messages that arrived on this namespace's channels (own echoes and messages for other
 *                        nodes' rooms included)
 * @param dropped         received messages that were not acted on, by reason
 * @param requestTimeouts cross-node requests that ended before every server answered
 */
public record AdapterStats(long published, long publishFailures, long received, Map<DropReason, Long> dropped,
                           long requestTimeouts) {

    /** Why a received message was dropped. Lower-case names are meant as metric tag values. */
    public enum DropReason {
        /** Not decodable: bad MessagePack or JSON, wrong field types, beyond the codec limits. */
        MALFORMED,
        /** A broadcast whose packet names another namespace than the channel it came on. */
        WRONG_NAMESPACE,
        /** Decoded, but applying it failed (e.g. an application listener threw). */
        HANDLER_ERROR;

        /** The tag value, e.g. {@code malformed}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AdapterStats {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            copy.put(reason, 0L);
        }
        if (dropped != null) {
            copy.putAll(dropped);
        }
        dropped = Collections.unmodifiableMap(copy);
    }

    /** Dropped messages for one reason. */
    public long dropped(DropReason reason) {
        return dropped.get(reason);
    }

    /** Dropped messages, all reasons together. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The sum of two snapshots (e.g. over the namespaces of one node). */
    public AdapterStats plus(AdapterStats other) {
        EnumMap<DropReason, Long> sum = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            sum.put(reason, dropped(reason) + other.dropped(reason));
        }
        return new AdapterStats(published + other.published, publishFailures + other.publishFailures,
                received + other.received, sum, requestTimeouts + other.requestTimeouts);
    }

    /** All zero. */
    public static AdapterStats empty() {
        return new AdapterStats(0, 0, 0, Map.of(), 0);
    }
}

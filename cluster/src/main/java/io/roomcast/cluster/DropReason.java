package io.roomcast.cluster;

import java.util.Locale;

/** Why a message received from another node was not acted on ({@link ClusterObserver#dropped}). */
public enum DropReason {
    /**
     * Not decodable (bad MessagePack or JSON, wrong field types, beyond the codec limits), or a packet
     * socket.io-client could not parse: not an EVENT, no string event name, a reserved name, binary placeholders
     * or attachment counts that do not add up, more binary values than the client decoder accepts.
     */
    MALFORMED,
    /** A broadcast whose packet names another namespace than the channel it came on. */
    WRONG_NAMESPACE,
    /** Decoded, but applying it failed (e.g. an application listener threw). */
    HANDLER_ERROR;

    /** The metric tag value, e.g. {@code malformed}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

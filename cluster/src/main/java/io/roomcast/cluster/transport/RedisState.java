package io.roomcast.cluster.transport;

import java.util.Locale;

/** How a transport's Redis looks from this node ({@link PubSubTransport#state()}). */
public enum RedisState {
    /** Connected, and PING answered within the stall timeout. */
    UP,
    /**
     * Connected, but a PING has gone unanswered for longer than the stall timeout: Redis is frozen (SIGSTOP, a
     * long fork or {@code DEBUG SLEEP}, swapping) or the network holds the replies. The TCP connection still looks
     * fine, so without this nothing would say so; publishes written now time out and may run when Redis resumes.
     */
    STALLED,
    /** A connection is down (lettuce reconnects), or the transport is closed. */
    DOWN;

    /** Lowercase name, e.g. {@code stalled}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

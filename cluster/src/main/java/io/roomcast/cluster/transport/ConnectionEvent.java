package io.roomcast.cluster.transport;

import java.util.Objects;

/**
 * A connection of a transport went down or came back.
 *
 * @param link which connection
 * @param up   true when it is connected again, false when it was lost
 */
public record ConnectionEvent(Link link, boolean up) {

    /** The two connections of a transport: commands (PUBLISH, NUMSUB) and subscriptions. */
    public enum Link { PUBLISH, SUBSCRIBE }

    public ConnectionEvent {
        Objects.requireNonNull(link, "link must not be null");
    }
}

package io.roomcast.cluster;

import java.util.Locale;

/** What a cluster message is, as the metrics tag {@code kind}. */
public enum MessageKind {
    /** A broadcast on {@code key#nsp#} or {@code key#nsp#room#}. */
    BROADCAST,
    /** A request on {@code key-request#nsp#} (joins, leaves, fetches, serverSideEmit, broadcasts with ack). */
    REQUEST,
    /** A response on {@code key-response#nsp#[uid#]}. */
    RESPONSE;

    /** The tag value, e.g. {@code broadcast}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

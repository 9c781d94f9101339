package io.roomcast.socketio.adapter;

import java.util.Locale;

/** How a reconnecting client's recovery attempt ended; {@link #tag()} is the metric tag. */
public enum RecoveryResult {
    /** Same id, rooms and data; the missed events were replayed. */
    RECOVERED,
    /** The session was kept, but longer ago than {@code maxDisconnectionDuration}. */
    EXPIRED,
    /** No session under that private id (never saved, already taken, malformed, forged or gone from Redis). */
    UNKNOWN,
    /** The client's offset is no longer kept (trimmed from the stream or the packet log), or is malformed. */
    TRIMMED,
    /** The store could not be read (e.g. Redis down); the client gets a fresh session. */
    ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

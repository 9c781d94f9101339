package io.roomcast.socketio;

import java.util.Locale;

/** Why a client event reached no listener although it arrived ({@link SocketIoObserver#eventDropped}). */
public enum EventDropReason {

    /** Its payload does not map to the type of a typed listener. */
    INVALID_PAYLOAD,
    /** A listener threw; the other listeners still ran. */
    LISTENER_ERROR,
    /** An {@link EventMiddleware} rejected it. */
    REJECTED;

    /** The metric tag value, e.g. {@code invalid_payload}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

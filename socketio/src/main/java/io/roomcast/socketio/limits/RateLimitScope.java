package io.roomcast.socketio.limits;

import java.util.Locale;

/** Which limit refused a client event ({@code SocketIoObserver.eventRateLimited}). */
public enum RateLimitScope {

    /** The connection's own token bucket ({@link EventLimits#perConnection()}). */
    CONNECTION,
    /** The budget the socket's user shares with its other connections ({@link EventLimits#perUser()}). */
    USER;

    /** The metric tag value: {@code connection} or {@code user}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

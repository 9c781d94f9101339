package io.roomcast.socketio;

import java.time.Duration;

/**
 * Node's {@code connectionStateRecovery} option (socket.io 4.6+): a socket closed by a transport error, a ping
 * timeout or a server shutdown is saved for {@code maxDisconnectionDuration}; a client that reconnects in time
 * with its private id ({@code pid}) and the offset of the last event it got keeps its socket id, rooms and
 * {@code data}, and receives the events it missed before the CONNECT reply.
 *
 * <p>With {@code skipMiddlewares} (Node's default) a recovered socket does not go through the namespace's
 * middlewares again: its private id then works as a bearer secret for up to {@code maxDisconnectionDuration}, so
 * treat it like a session cookie (TLS, no logging).
 *
 * @param maxDisconnectionDuration how long a session is kept after its connection closed (Node: 2 min)
 * @param skipMiddlewares          whether a recovered socket skips the namespace middlewares (Node: true)
 */
public record ConnectionStateRecovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {

    public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);

    public ConnectionStateRecovery {
        if (maxDisconnectionDuration == null || maxDisconnectionDuration.isNegative()
                || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be > 0");
        }
    }

    /** Node's defaults: 2 minutes, middlewares skipped. */
    public static ConnectionStateRecovery defaults() {
        return new ConnectionStateRecovery(DEFAULT_MAX_DISCONNECTION_DURATION, true);
    }

    public ConnectionStateRecovery withMaxDisconnectionDuration(Duration duration) {
        return new ConnectionStateRecovery(duration, skipMiddlewares);
    }

    public ConnectionStateRecovery withSkipMiddlewares(boolean skip) {
        return new ConnectionStateRecovery(maxDisconnectionDuration, skip);
    }
}

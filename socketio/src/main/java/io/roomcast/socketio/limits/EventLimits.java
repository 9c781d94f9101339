package io.roomcast.socketio.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Rate limits on client events (Roomcast only: Node's socket.io has none). An event over a limit reaches no
 * middleware nor listener: a client that asked for an ack gets {@code {"error":{"code":"rate_limited",...}}},
 * otherwise the event is dropped; both are counted ({@code SocketIoObserver.eventRateLimited}). A connection that
 * keeps flooding is closed: every namespace gets a DISCONNECT (the client sees {@code "io server disconnect"} and
 * does not reconnect by itself) and the sockets leave with {@code DisconnectReason.RATE_LIMITED}.
 *
 * @param perConnection   a token bucket per Engine.IO connection, shared by its namespaces; empty: no limit
 * @param perUser         a budget shared by the sockets of one user, asked after the connection's bucket; empty:
 *                        none
 * @param disconnectAfter when a flooding connection is closed: more than {@code events} refused events within
 *                        {@code period} (a token bucket of refusals, so refusals spread thinner never close it);
 *                        {@link #DEFAULT_DISCONNECT_AFTER} (100 within 10 s) by default; empty: never
 */
public record EventLimits(Optional<RateLimit> perConnection, Optional<UserEventLimiter> perUser,
                          Optional<RateLimit> disconnectAfter) {

    /**
     * 100 refusals within 10 s: a client a little over its limit (25/s against 20/s: 5 refusals a second) stays,
     * one at twice its limit is closed after about 5 s, a flooder at once.
     */
    public static final RateLimit DEFAULT_DISCONNECT_AFTER = RateLimit.of(100, Duration.ofSeconds(10));

    /** No limit: the default of a server. */
    public static final EventLimits NONE = new EventLimits(Optional.empty(), Optional.empty(),
            Optional.of(DEFAULT_DISCONNECT_AFTER));

    public EventLimits {
        Objects.requireNonNull(perConnection, "perConnection must not be null (Optional.empty() for none)");
        Objects.requireNonNull(perUser, "perUser must not be null (Optional.empty() for none)");
        Objects.requireNonNull(disconnectAfter, "disconnectAfter must not be null (Optional.empty() for never)");
    }

    /** Only a per-connection bucket, flooders closed after {@link #DEFAULT_DISCONNECT_AFTER}. */
    public static EventLimits perConnection(RateLimit limit) {
        return NONE.withPerConnection(limit);
    }

    public EventLimits withPerConnection(RateLimit limit) {
        return new EventLimits(Optional.of(Objects.requireNonNull(limit, "limit must not be null")), perUser,
                disconnectAfter);
    }

    public EventLimits withPerUser(UserEventLimiter limiter) {
        return new EventLimits(perConnection, Optional.of(Objects.requireNonNull(limiter, "limiter must not be null")),
                disconnectAfter);
    }

    public EventLimits withDisconnectAfter(RateLimit refusals) {
        return new EventLimits(perConnection, perUser,
                Optional.of(Objects.requireNonNull(refusals, "refusals must not be null")));
    }

    /** Refused events never close the connection. */
    public EventLimits withoutDisconnect() {
        return new EventLimits(perConnection, perUser, Optional.empty());
    }

    /** Whether any limit is set (otherwise events are not even counted against a bucket). */
    public boolean enabled() {
        return perConnection.isPresent() || perUser.isPresent();
    }
}

package io.roomcast.socketio.adapter;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link Adapter#restoreSession}: either the session and the events the client missed (each an
 * argument list {@code [event, ...args, offset]} that already ends with its offset), or why there is none.
 */
public record SessionRestore(RecoveryResult result, SavedSession session, List<List<Object>> missedPackets) {

    public SessionRestore {
        Objects.requireNonNull(result, "result must not be null");
        if ((result == RecoveryResult.RECOVERED) != (session != null)) {
            throw new IllegalArgumentException("a session is given exactly when the result is RECOVERED");
        }
        missedPackets = missedPackets == null ? List.of() : List.copyOf(missedPackets);
    }

    public static SessionRestore recovered(SavedSession session, List<List<Object>> missedPackets) {
        return new SessionRestore(RecoveryResult.RECOVERED, session, missedPackets);
    }

    public static SessionRestore failed(RecoveryResult result) {
        return new SessionRestore(result, null, List.of());
    }

    public boolean isRecovered() {
        return result == RecoveryResult.RECOVERED;
    }
}

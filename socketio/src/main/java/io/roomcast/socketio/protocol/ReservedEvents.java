package io.roomcast.socketio.protocol;

import java.util.Set;

/** Event names the server may not emit (socket.io {@code lib/socket.ts} and {@code broadcast-operator.ts}). */
public final class ReservedEvents {

    public static final Set<String> NAMES =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private ReservedEvents() {
    }

    /** Throws, as Node does, when {@code event} is null or reserved. */
    public static void check(String event) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        if (NAMES.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }
}

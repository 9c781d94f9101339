package io.roomcast.socketio.adapter;

import java.util.Set;

/**
 * Which sockets a broadcast reaches: every socket in any of {@code rooms} (every socket when empty) except those
 * in any of {@code except}. As Node's {@code BroadcastOptions}.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

    public BroadcastOptions {
        rooms = rooms == null ? Set.of() : Set.copyOf(rooms);
        except = except == null ? Set.of() : Set.copyOf(except);
        flags = flags == null ? BroadcastFlags.DEFAULT : flags;
    }

    /** Every socket of the namespace. */
    public static BroadcastOptions all() {
        return new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);
    }

    public static BroadcastOptions rooms(Set<String> rooms) {
        return new BroadcastOptions(rooms, Set.of(), BroadcastFlags.DEFAULT);
    }
}

package io.roomcast.socketio.adapter;

import java.util.Objects;
import java.util.Set;

/**
 * What connection state recovery keeps of a closed socket (Node's {@code SessionToPersist}): its id, private id,
 * rooms (its own id room included) and {@code data} in its JSON form (maps, lists, strings, numbers, booleans).
 */
public record SavedSession(String sid, String pid, Set<String> rooms, Object data) {

    public SavedSession {
        Objects.requireNonNull(sid, "sid must not be null");
        Objects.requireNonNull(pid, "pid must not be null");
        rooms = Set.copyOf(Objects.requireNonNull(rooms, "rooms must not be null"));
    }
}

package io.roomcast.socketio.adapter;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A read-only live view of room -> members: neither the map nor a member set can be changed through it. */
final class ReadOnlyRooms extends AbstractMap<String, Set<String>> {

    private final Map<String, Set<String>> rooms;

    ReadOnlyRooms(Map<String, Set<String>> rooms) {
        this.rooms = rooms;
    }

    /** O(1), as Node's {@code rooms.get(room)}. */
    @Override
    public Set<String> get(Object room) {
        Set<String> members = rooms.get(room);
        return members == null ? null : Collections.unmodifiableSet(members);
    }

    @Override
    public boolean containsKey(Object room) {
        return rooms.containsKey(room);
    }

    @Override
    public int size() {
        return rooms.size();
    }

    @Override
    public Set<Entry<String, Set<String>>> entrySet() {
        return rooms.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), Collections.unmodifiableSet(e.getValue())))
                .collect(Collectors.toUnmodifiableSet());
    }
}

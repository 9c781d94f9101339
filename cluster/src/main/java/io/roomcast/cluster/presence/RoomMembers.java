package io.roomcast.cluster.presence;

import java.util.List;
import java.util.Objects;

/**
 * The members of a room across the cluster, in {@link Member#ORDER}.
 *
 * @param room    the room's name
 * @param members every socket in the room on every node the store knows of
 */
public record RoomMembers(String room, List<Member> members) {

    public RoomMembers {
        Objects.requireNonNull(room, "room must not be null");
        members = members.stream().sorted(Member.ORDER).toList();
    }

    /** How many sockets are in the room (a user with two tabs counts twice). */
    public int size() {
        return members.size();
    }
}

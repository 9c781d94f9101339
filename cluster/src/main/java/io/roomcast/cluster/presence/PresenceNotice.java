package io.roomcast.cluster.presence;

/**
 * The payload of the {@code presence} event the other members of a room get: {@code {room, type, member, size}}
 * (component order is JSON key order).
 *
 * @param size the room's size across the cluster after the change
 */
public record PresenceNotice(String room, PresenceChange type, Member member, int size) {
}

package io.roomcast.loadtests.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Who joins which room. Subscriber {@code i} joins room {@code i % rooms}; publisher {@code j} joins (and later
 * publishes round-robin to) every room {@code r} with {@code r % publishers == j}, or room {@code j % rooms} when
 * there are more publishers than rooms. Room sizes count the publishers too, because the chat contract delivers a
 * message to its sender as well.
 */
public final class RoomPlan {
    private final int subscribers;
    private final int rooms;
    private final int publishers;
    private final int[] sizes;

    public RoomPlan(int subscribers, int rooms, int publishers) {
        if (subscribers < 1 || rooms < 1 || rooms > subscribers || publishers < 0) {
            throw new IllegalArgumentException("need subscribers >= rooms >= 1 and publishers >= 0");
        }
        this.subscribers = subscribers;
        this.rooms = rooms;
        this.publishers = publishers;
        this.sizes = new int[rooms];
        for (int room = 0; room < rooms; room++) {
            sizes[room] = subscribers / rooms + (room < subscribers % rooms ? 1 : 0);
        }
        for (int publisher = 0; publisher < publishers; publisher++) {
            for (int room : publisherRooms(publisher)) {
                sizes[room]++;
            }
        }
    }

    public static String roomName(int room) {
        return "room-" + room;
    }

    public int subscriberRoom(int subscriber) {
        return subscriber % rooms;
    }

    public int[] publisherRooms(int publisher) {
        if (publisher < 0 || publisher >= publishers) {
            throw new IllegalArgumentException("no publisher " + publisher);
        }
        if (publishers >= rooms) {
            return new int[] {publisher % rooms};
        }
        List<Integer> owned = new ArrayList<>();
        for (int room = publisher; room < rooms; room += publishers) {
            owned.add(room);
        }
        return owned.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Members of a room once everyone has joined: deliveries expected per message sent to it. */
    public int size(int room) {
        return sizes[room];
    }

    public int subscribers() {
        return subscribers;
    }

    public int rooms() {
        return rooms;
    }

    public int publishers() {
        return publishers;
    }
}

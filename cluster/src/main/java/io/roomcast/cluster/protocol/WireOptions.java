package io.roomcast.cluster.protocol;

import io.roomcast.socketio.adapter.BroadcastOptions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Broadcast options as they travel: {@code {rooms, except, flags}} (protocol §1.2). Rooms keep their order (the
 * receiver goes through them in order) and their string-or-number kind (see {@link Room}). Missing {@code except}
 * or {@code flags} decode as empty. Requests other than broadcasts carry no {@code flags}; the codec leaves the key
 * out for them, as Node does.
 *
 * @param rooms  target rooms; empty means every socket of the namespace
 * @param except rooms whose sockets are left out
 * @param flags  broadcast flags
 */
public record WireOptions(List<Room> rooms, List<Room> except, WireFlags flags) {

    public WireOptions {
        rooms = List.copyOf(Objects.requireNonNull(rooms, "rooms must not be null"));
        except = List.copyOf(Objects.requireNonNull(except, "except must not be null"));
        flags = flags == null ? WireFlags.NONE : flags;
    }

    /** Every socket, no flags. */
    public static WireOptions all() {
        return new WireOptions(List.of(), List.of(), WireFlags.NONE);
    }

    /** The wire form of local options: string rooms, flags as Node writes them. */
    public static WireOptions from(BroadcastOptions opts) {
        return new WireOptions(opts.rooms().stream().map(Room::of).toList(),
                opts.except().stream().map(Room::of).toList(), WireFlags.from(opts.flags()));
    }

    /** The options as the local adapter takes them; numeric rooms become their string names (see {@link Room}). */
    public BroadcastOptions toBroadcastOptions() {
        return new BroadcastOptions(names(rooms), names(except), flags.toBroadcastFlags());
    }

    private static Set<String> names(List<Room> rooms) {
        Set<String> names = new LinkedHashSet<>();
        for (Room room : rooms) {
            names.add(room.name());
        }
        return names;
    }
}

package io.roomcast.cluster.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One socket in a {@code fetchSockets()} response (protocol §2.6, REMOTE_FETCH): what Node's {@code RemoteSocket}
 * is built from.
 *
 * @param id        the socket id
 * @param handshake Node's {@code socket.handshake} without {@code sessionStore}, as decoded JSON
 * @param rooms     the rooms the socket is in, its own id room included
 * @param data      {@code socket.data}, any JSON value
 */
public record SocketDetails(String id, Map<String, Object> handshake, List<Room> rooms, Object data) {

    public SocketDetails {
        Objects.requireNonNull(id, "id must not be null");
        handshake = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(handshake, "handshake must not be null")));
        rooms = List.copyOf(Objects.requireNonNull(rooms, "rooms must not be null"));
    }
}

package io.roomcast.cluster.sharded;

import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.protocol.Room;

import java.util.List;
import java.util.Objects;

/**
 * The shard channels of one namespace (protocol §4.2) and Node's choice among them ({@code computeChannel},
 * {@code shouldUseASeparateNamespace} of sharded-adapter.js 8.3.0). The response and room channels share one name
 * space: a room named like a node uid would collide, as in Node.
 */
public final class ShardedChannels {

    /** sharded-adapter.js {@code looksLikeASocketId}: a string of exactly 20 characters (base64id). */
    private static final int SOCKET_ID_LENGTH = 20;

    private final String main;
    private final SubscriptionMode mode;

    public ShardedChannels(String channelPrefix, String namespace, SubscriptionMode mode) {
        this.main = Objects.requireNonNull(channelPrefix, "channelPrefix must not be null") + "#"
                + Objects.requireNonNull(namespace, "namespace must not be null") + "#";
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
    }

    /** {@code P#nsp#}: every node subscribes it; its SHARDNUMSUB is the server count. */
    public String main() {
        return main;
    }

    /** {@code P#nsp#<uid>#}: responses to node {@code uid}. */
    public String response(String uid) {
        return main + uid + "#";
    }

    /** {@code P#nsp#<room>#} (Node's {@code dynamicChannel}). */
    public String room(String room) {
        return main + room + "#";
    }

    /**
     * Where a broadcast goes ({@code computeChannel}): the room channel for a broadcast without ack to exactly one
     * room, in dynamic mode unless the room looks like a socket id, in dynamic-private mode always; else the main
     * channel (a broadcast with ack must reach every server, since it waits for {@code serverCount()} answers).
     */
    public String broadcast(List<Room> rooms, boolean withAck) {
        if (withAck || rooms.size() != 1) {
            return main;
        }
        Room room = rooms.get(0);
        boolean dynamicChannel = mode == SubscriptionMode.DYNAMIC_PRIVATE
                || (mode == SubscriptionMode.DYNAMIC && !looksLikeASocketId(room));
        return dynamicChannel ? room(room.name()) : main;
    }

    /**
     * Whether a local room gets its own channel ({@code shouldUseASeparateNamespace}): in dynamic mode when it is
     * not the id of a local socket, in dynamic-private mode always, in static mode never.
     *
     * @param isLocalSocketId whether a socket of this node has the room's name as id (Node's {@code sids.has})
     */
    public boolean hasOwnChannel(boolean isLocalSocketId) {
        return mode == SubscriptionMode.DYNAMIC_PRIVATE || (mode == SubscriptionMode.DYNAMIC && !isLocalSocketId);
    }

    public SubscriptionMode mode() {
        return mode;
    }

    private static boolean looksLikeASocketId(Room room) {
        return !room.numeric() && room.name().length() == SOCKET_ID_LENGTH;
    }
}

package io.roomcast.cluster.protocol;

import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A request published on {@code key-request#nsp#} (protocol §2.6): JSON, except {@link BroadcastWithAck}, which is
 * MessagePack because its packet may hold binary. {@code uid} is null when the sender left it out, as
 * {@code @socket.io/redis-emitter} does for join, leave and disconnect (§5.1).
 */
public sealed interface Request {

    RequestType type();

    /** The requesting node; null when absent. */
    String uid();

    /** The id responses refer to; null for requests that get no response. */
    String requestId();

    /** {@code {uid, requestId, type: 0, rooms}}: ids of the sockets in the rooms (legacy, lib/index.ts:272-285). */
    record Sockets(String uid, String requestId, List<Room> rooms) implements Request {
        public Sockets {
            Objects.requireNonNull(requestId, "requestId must not be null");
            rooms = List.copyOf(Objects.requireNonNull(rooms, "rooms must not be null"));
        }

        @Override
        public RequestType type() {
            return RequestType.SOCKETS;
        }
    }

    /** {@code {uid, requestId, type: 1}}: every local room of each node (lib/index.ts:700-704). */
    record AllRooms(String uid, String requestId) implements Request {
        public AllRooms {
            Objects.requireNonNull(requestId, "requestId must not be null");
        }

        @Override
        public RequestType type() {
            return RequestType.ALL_ROOMS;
        }
    }

    /** {@code {uid, type: 2, opts, rooms}}: matching sockets join {@code rooms}; no response (lib/index.ts:783-791). */
    record RemoteJoin(String uid, WireOptions opts, List<Room> rooms) implements Request {
        public RemoteJoin {
            Objects.requireNonNull(opts, "opts must not be null");
            rooms = List.copyOf(Objects.requireNonNull(rooms, "rooms must not be null"));
        }

        @Override
        public RequestType type() {
            return RequestType.REMOTE_JOIN;
        }

        @Override
        public String requestId() {
            return null;
        }
    }

    /** {@code {uid, type: 3, opts, rooms}}: matching sockets leave {@code rooms}; no response (lib/index.ts:801-809). */
    record RemoteLeave(String uid, WireOptions opts, List<Room> rooms) implements Request {
        public RemoteLeave {
            Objects.requireNonNull(opts, "opts must not be null");
            rooms = List.copyOf(Objects.requireNonNull(rooms, "rooms must not be null"));
        }

        @Override
        public RequestType type() {
            return RequestType.REMOTE_LEAVE;
        }

        @Override
        public String requestId() {
            return null;
        }
    }

    /** {@code {uid, type: 4, opts, close}}: matching sockets disconnect; no response (lib/index.ts:819-827). */
    record RemoteDisconnect(String uid, WireOptions opts, boolean close) implements Request {
        public RemoteDisconnect {
            Objects.requireNonNull(opts, "opts must not be null");
        }

        @Override
        public RequestType type() {
            return RequestType.REMOTE_DISCONNECT;
        }

        @Override
        public String requestId() {
            return null;
        }
    }

    /**
     * The form adapters up to 7.x send for one socket: {@code {uid, requestId, type: 2|3, sid, room}} joins or
     * leaves, {@code {uid, requestId, type: 4, sid, close}} disconnects. The node that has the socket applies it and
     * responds {@code {requestId}} (lib/index.ts:300-367).
     *
     * @param room  the room for join and leave, null for disconnect
     * @param close whether disconnect also closes the connection; false for join and leave
     */
    record LegacySocketOperation(RequestType type, String uid, String requestId, String sid, Room room,
                                 boolean close) implements Request {
        public LegacySocketOperation {
            Objects.requireNonNull(type, "type must not be null");
            Objects.requireNonNull(requestId, "requestId must not be null");
            Objects.requireNonNull(sid, "sid must not be null");
            switch (type) {
                case REMOTE_JOIN, REMOTE_LEAVE -> Objects.requireNonNull(room, "room must not be null");
                case REMOTE_DISCONNECT -> {
                    if (room != null) {
                        throw new IllegalArgumentException("a disconnect names no room");
                    }
                }
                default -> throw new IllegalArgumentException("not a socket operation: " + type);
            }
        }
    }

    /** {@code {uid, requestId, type: 5, opts: {rooms, except}}}: details of matching sockets (lib/index.ts:745-753). */
    record FetchSockets(String uid, String requestId, WireOptions opts) implements Request {
        public FetchSockets {
            Objects.requireNonNull(requestId, "requestId must not be null");
            Objects.requireNonNull(opts, "opts must not be null");
        }

        @Override
        public RequestType type() {
            return RequestType.REMOTE_FETCH;
        }
    }

    /**
     * {@code {uid, [requestId,] type: 6, data: [event, ...args]}}: an event for the other servers; with a
     * {@code requestId} each one answers once (lib/index.ts:842-846 and 862-867).
     *
     * @param requestId null when no answer is wanted
     */
    record ServerSideEmit(String uid, String requestId, List<Object> data) implements Request {
        public ServerSideEmit {
            data = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(data, "data must not be null")));
        }

        @Override
        public RequestType type() {
            return RequestType.SERVER_SIDE_EMIT;
        }
    }

    /**
     * {@code {uid, requestId, type: 7, packet, opts}} in MessagePack: a broadcast whose clients' acks are sent back
     * (lib/index.ts:660-666). Receivers answer a client count, then one {@link Response.BroadcastAck} per ack.
     */
    record BroadcastWithAck(String uid, String requestId, Packet packet, WireOptions opts) implements Request {
        public BroadcastWithAck {
            Objects.requireNonNull(requestId, "requestId must not be null");
            Objects.requireNonNull(packet, "packet must not be null");
            Objects.requireNonNull(opts, "opts must not be null");
            if (packet.type() != PacketType.EVENT && packet.type() != PacketType.BINARY_EVENT) {
                throw new IllegalArgumentException("a broadcast carries an EVENT packet, not " + packet.type());
            }
        }

        @Override
        public RequestType type() {
            return RequestType.BROADCAST;
        }
    }
}

package io.roomcast.cluster.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A response published on {@code key-response#nsp#} or {@code key-response#nsp#uid#} (protocol §2.6, §2.9): JSON,
 * except {@link BroadcastAck}, which is MessagePack. Most responses carry no {@code type}: the requester knows it
 * from its pending request, so {@link MessageCodec#decodeResponse} asks for it.
 */
public sealed interface Response {

    String requestId();

    /** {@code {requestId, sockets: [sid, ...]}} to a {@link Request.Sockets} (lib/index.ts:279-282). */
    record Sockets(String requestId, List<String> sockets) implements Response {
        public Sockets {
            Objects.requireNonNull(requestId, "requestId must not be null");
            sockets = List.copyOf(Objects.requireNonNull(sockets, "sockets must not be null"));
        }
    }

    /** {@code {requestId, rooms}} to a {@link Request.AllRooms} (lib/index.ts:292-295). */
    record AllRooms(String requestId, List<Room> rooms) implements Response {
        public AllRooms {
            Objects.requireNonNull(requestId, "requestId must not be null");
            rooms = List.copyOf(Objects.requireNonNull(rooms, "rooms must not be null"));
        }
    }

    /** {@code {requestId}} to a {@link Request.LegacySocketOperation} (lib/index.ts:316-318). */
    record SocketOperationDone(String requestId) implements Response {
        public SocketOperationDone {
            Objects.requireNonNull(requestId, "requestId must not be null");
        }
    }

    /**
     * {@code {requestId, sockets: [{id, handshake, rooms, data}]}} to a {@link Request.FetchSockets}
     * (lib/index.ts:380-392). A response without a {@code sockets} array decodes with none: Node still counts it.
     */
    record FetchSockets(String requestId, List<SocketDetails> sockets) implements Response {
        public FetchSockets {
            Objects.requireNonNull(requestId, "requestId must not be null");
            sockets = List.copyOf(Objects.requireNonNull(sockets, "sockets must not be null"));
        }
    }

    /**
     * {@code {type: 6, requestId, data}}: the first argument a server passed to a {@link Request.ServerSideEmit}
     * callback (lib/index.ts:415-421). Always published on the common response channel.
     */
    record ServerSideEmit(String requestId, Object data) implements Response {
        public ServerSideEmit {
            Objects.requireNonNull(requestId, "requestId must not be null");
        }
    }

    /** {@code {type: 8, requestId, clientCount}}: how many local clients a {@link Request.BroadcastWithAck} reached
     * (lib/index.ts:444-450); sent by every server, even for 0. */
    record BroadcastClientCount(String requestId, long clientCount) implements Response {
        public BroadcastClientCount {
            Objects.requireNonNull(requestId, "requestId must not be null");
            if (clientCount < 0) {
                throw new IllegalArgumentException("clientCount must be >= 0");
            }
        }
    }

    /**
     * {@code {type: 9, requestId, packet}} in MessagePack: one client's ack to a {@link Request.BroadcastWithAck}
     * (lib/index.ts:456-464). The wire field is named {@code packet} but holds the client's first ack argument.
     */
    record BroadcastAck(String requestId, Object ackArgument) implements Response {
        public BroadcastAck {
            Objects.requireNonNull(requestId, "requestId must not be null");
        }
    }
}

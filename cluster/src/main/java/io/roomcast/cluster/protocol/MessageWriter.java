package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;

import java.util.List;

/**
 * Turns message records into trees with the keys in the order Node's adapter writes them
 * ({@code lib/index.ts}), so our bytes match Node's byte for byte where the values do.
 */
final class MessageWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Converts packet data (any Jackson-serialisable value, {@code byte[]} for binary) into a tree. */
    private final ObjectMapper valueMapper;

    MessageWriter(ObjectMapper valueMapper) {
        this.valueMapper = valueMapper;
    }

    /** {@code [uid, packet, opts]} (lib/index.ts:625-630). */
    JsonNode broadcast(BroadcastMessage message) {
        ArrayNode root = NODES.arrayNode();
        root.add(message.uid());
        root.add(packet(message.packet()));
        root.add(options(message.opts(), true));
        return root;
    }

    JsonNode request(Request request) {
        ObjectNode root = NODES.objectNode();
        if (request.uid() != null) {
            root.put("uid", request.uid());
        }
        if (request.requestId() != null) {
            root.put("requestId", request.requestId());
        }
        root.put("type", request.type().code());
        if (request instanceof Request.Sockets r) {
            root.set("rooms", rooms(r.rooms()));
        } else if (request instanceof Request.RemoteJoin r) {
            root.set("opts", options(r.opts(), false));
            root.set("rooms", rooms(r.rooms()));
        } else if (request instanceof Request.RemoteLeave r) {
            root.set("opts", options(r.opts(), false));
            root.set("rooms", rooms(r.rooms()));
        } else if (request instanceof Request.RemoteDisconnect r) {
            root.set("opts", options(r.opts(), false));
            root.put("close", r.close());
        } else if (request instanceof Request.LegacySocketOperation r) {
            root.put("sid", r.sid());
            if (r.type() == RequestType.REMOTE_DISCONNECT) {
                root.put("close", r.close());
            } else {
                root.set("room", room(r.room()));
            }
        } else if (request instanceof Request.FetchSockets r) {
            root.set("opts", options(r.opts(), false));
        } else if (request instanceof Request.ServerSideEmit r) {
            root.set("data", value(r.data()));
        } else if (request instanceof Request.BroadcastWithAck r) {
            root.set("packet", packet(r.packet()));
            root.set("opts", options(r.opts(), true));
        }
        // Request.AllRooms has no more fields
        return root;
    }

    JsonNode response(Response response) {
        ObjectNode root = NODES.objectNode();
        if (response instanceof Response.Sockets r) {
            root.put("requestId", r.requestId());
            ArrayNode ids = root.putArray("sockets");
            r.sockets().forEach(ids::add);
        } else if (response instanceof Response.AllRooms r) {
            root.put("requestId", r.requestId());
            root.set("rooms", rooms(r.rooms()));
        } else if (response instanceof Response.SocketOperationDone r) {
            root.put("requestId", r.requestId());
        } else if (response instanceof Response.FetchSockets r) {
            root.put("requestId", r.requestId());
            ArrayNode sockets = root.putArray("sockets");
            for (SocketDetails socket : r.sockets()) {
                ObjectNode details = sockets.addObject();
                details.put("id", socket.id());
                details.set("handshake", value(socket.handshake()));
                details.set("rooms", rooms(socket.rooms()));
                details.set("data", value(socket.data()));
            }
        } else if (response instanceof Response.ServerSideEmit r) {
            root.put("type", RequestType.SERVER_SIDE_EMIT.code());
            root.put("requestId", r.requestId());
            root.set("data", value(r.data()));
        } else if (response instanceof Response.BroadcastClientCount r) {
            root.put("type", RequestType.BROADCAST_CLIENT_COUNT.code());
            root.put("requestId", r.requestId());
            root.put("clientCount", r.clientCount());
        } else if (response instanceof Response.BroadcastAck r) {
            root.put("type", RequestType.BROADCAST_ACK.code());
            root.put("requestId", r.requestId());
            root.set("packet", value(r.ackArgument()));
        }
        return root;
    }

    /** {@code {type: 2, data, nsp}}: always EVENT, even with binary data (protocol §1.1); ack ids stay local. */
    private JsonNode packet(Packet packet) {
        if (packet.type() != PacketType.EVENT && packet.type() != PacketType.BINARY_EVENT) {
            throw new IllegalArgumentException("only EVENT packets are broadcast, not " + packet.type());
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", PacketType.EVENT.code());
        node.set("data", value(packet.data()));
        node.put("nsp", packet.nsp());
        return node;
    }

    /** {@code {rooms, except, flags}}; requests other than broadcasts send no flags (lib/index.ts:749-752). */
    static JsonNode options(WireOptions opts, boolean withFlags) {
        ObjectNode node = NODES.objectNode();
        node.set("rooms", rooms(opts.rooms()));
        node.set("except", rooms(opts.except()));
        if (withFlags) {
            node.set("flags", flags(opts.flags()));
        }
        return node;
    }

    private static JsonNode flags(WireFlags flags) {
        ObjectNode node = NODES.objectNode();
        if (flags.volatile_() != null) {
            node.put("volatile", flags.volatile_());
        }
        if (flags.compress() != null) {
            node.put("compress", flags.compress());
        }
        if (flags.local() != null) {
            node.put("local", flags.local());
        }
        if (flags.timeout() != null) {
            node.put("timeout", flags.timeout());
        }
        if (flags.expectSingleResponse() != null) {
            node.put("expectSingleResponse", flags.expectSingleResponse());
        }
        return node;
    }

    static ArrayNode rooms(List<Room> rooms) {
        ArrayNode array = NODES.arrayNode(rooms.size());
        rooms.forEach(room -> array.add(room(room)));
        return array;
    }

    private static JsonNode room(Room room) {
        Object value = room.wireValue();
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        return NODES.textNode(room.name());
    }

    JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        try {
            return valueMapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName() + ": "
                    + e.getMessage(), e);
        }
    }
}

package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;

/**
 * Turns {@link ClusterMessage} bodies into {@code data} trees with the keys in the order socket.io-adapter's
 * {@code cluster-adapter.ts} writes them (checked against the streams captures), so our bytes match Node's.
 */
final class ClusterMessageWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MessageWriter values;

    ClusterMessageWriter(MessageWriter values) {
        this.values = values;
    }

    /** {@code {type, data, uid, nsp}} (cluster-adapter.ts {@code publish}: type and data, then uid and nsp). */
    ObjectNode envelope(String uid, String nsp, Object body) {
        ObjectNode root = NODES.objectNode();
        root.put("type", ClusterMessage.typeOf(body).code());
        root.set("data", data(body));
        root.put("uid", uid);
        root.put("nsp", nsp);
        return root;
    }

    ObjectNode data(Object body) {
        ObjectNode data = NODES.objectNode();
        if (body instanceof BroadcastMessage m) {
            data.set("packet", packet(m.packet()));
            data.set("opts", MessageWriter.options(m.opts(), true));
        } else if (body instanceof Request.BroadcastWithAck r) {
            data.set("packet", packet(r.packet()));
            data.put("requestId", r.requestId());
            data.set("opts", MessageWriter.options(r.opts(), true));
        } else if (body instanceof Request.RemoteJoin r) {
            data.set("opts", MessageWriter.options(r.opts(), true));
            data.set("rooms", MessageWriter.rooms(r.rooms()));
        } else if (body instanceof Request.RemoteLeave r) {
            data.set("opts", MessageWriter.options(r.opts(), true));
            data.set("rooms", MessageWriter.rooms(r.rooms()));
        } else if (body instanceof Request.RemoteDisconnect r) {
            data.set("opts", MessageWriter.options(r.opts(), true));
            data.put("close", r.close());
        } else if (body instanceof Request.FetchSockets r) {
            data.set("opts", MessageWriter.options(r.opts(), true));
            data.put("requestId", r.requestId());
        } else if (body instanceof Request.ServerSideEmit r) {
            if (r.requestId() != null) {
                data.put("requestId", r.requestId());
            }
            data.set("packet", values.value(r.data()));
        } else if (body instanceof Response.FetchSockets r) {
            data.put("requestId", r.requestId());
            ArrayNode sockets = data.putArray("sockets");
            for (SocketDetails socket : r.sockets()) {
                ObjectNode details = sockets.addObject();
                details.put("id", socket.id());
                details.set("handshake", values.value(socket.handshake()));
                details.set("rooms", MessageWriter.rooms(socket.rooms()));
                details.set("data", values.value(socket.data()));
            }
        } else if (body instanceof Response.ServerSideEmit r) {
            data.put("requestId", r.requestId());
            data.set("packet", values.value(r.data()));
        } else if (body instanceof Response.BroadcastClientCount r) {
            data.put("requestId", r.requestId());
            data.put("clientCount", r.clientCount());
        } else if (body instanceof Response.BroadcastAck r) {
            data.put("requestId", r.requestId());
            data.set("packet", values.value(r.ackArgument()));
        } else {
            ClusterMessage.typeOf(body); // throws with the reason
        }
        return data;
    }

    /** {@code {type: 2, data}}: no {@code nsp}, the envelope has it; ack ids stay local (protocol §1.1). */
    private JsonNode packet(Packet packet) {
        if (packet.type() != PacketType.EVENT && packet.type() != PacketType.BINARY_EVENT) {
            throw new IllegalArgumentException("only EVENT packets are broadcast, not " + packet.type());
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", PacketType.EVENT.code());
        node.set("data", values.value(packet.data()));
        return node;
    }
}

package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;

import java.util.Optional;

/**
 * Turns {@code data} trees of {@code ClusterAdapter} messages into {@link ClusterMessage} bodies, checking every
 * field's type with the classic reader's rules ({@link MessageReader}): a deviation is a
 * {@link MalformedMessageException}; heartbeat-variant types and unknown types decode to nothing (Node ignores them).
 */
final class ClusterMessageReader {

    private final MessageReader fields;

    ClusterMessageReader(MessageReader fields) {
        this.fields = fields;
    }

    /** Reads {@code {type, data, uid, nsp}}. */
    Optional<ClusterMessage> envelope(JsonNode root) {
        MessageReader.requireObject(root, "message");
        String uid = MessageReader.requiredText(root, "uid");
        String nsp = MessageReader.requiredText(root, "nsp");
        JsonNode type = root.get("type");
        if (type == null || !type.isIntegralNumber() || !type.canConvertToLong()) {
            throw new MalformedMessageException("type must be an integer, was " + type);
        }
        return message(uid, nsp, ClusterMessageType.fromCode(type.longValue()), root.get("data"));
    }

    Optional<ClusterMessage> message(String uid, String nsp, ClusterMessageType type, JsonNode data) {
        if (!nsp.startsWith("/")) {
            throw new MalformedMessageException("nsp must start with '/': " + nsp);
        }
        if (type == null || type == ClusterMessageType.INITIAL_HEARTBEAT || type == ClusterMessageType.HEARTBEAT
                || type == ClusterMessageType.ADAPTER_CLOSE) {
            return Optional.empty();
        }
        MessageReader.requireObject(data, "data");
        Object body = switch (type) {
            case BROADCAST -> {
                Packet packet = packet(data.get("packet"), nsp);
                WireOptions opts = fields.options(data.get("opts"), "opts");
                String requestId = MessageReader.optionalText(data, "requestId");
                yield requestId == null ? new BroadcastMessage(uid, packet, opts)
                        : new Request.BroadcastWithAck(uid, requestId, packet, opts);
            }
            case SOCKETS_JOIN -> new Request.RemoteJoin(uid, fields.options(data.get("opts"), "opts"),
                    fields.rooms(data.get("rooms"), "rooms"));
            case SOCKETS_LEAVE -> new Request.RemoteLeave(uid, fields.options(data.get("opts"), "opts"),
                    fields.rooms(data.get("rooms"), "rooms"));
            case DISCONNECT_SOCKETS -> new Request.RemoteDisconnect(uid, fields.options(data.get("opts"), "opts"),
                    MessageReader.optionalBoolean(data, "close"));
            case FETCH_SOCKETS -> new Request.FetchSockets(uid, MessageReader.requiredText(data, "requestId"),
                    fields.options(data.get("opts"), "opts"));
            case SERVER_SIDE_EMIT -> new Request.ServerSideEmit(uid, MessageReader.optionalText(data, "requestId"),
                    fields.list(data.get("packet"), "packet"));
            case FETCH_SOCKETS_RESPONSE -> new Response.FetchSockets(MessageReader.requiredText(data, "requestId"),
                    fields.socketDetails(data.get("sockets")));
            case SERVER_SIDE_EMIT_RESPONSE -> new Response.ServerSideEmit(
                    MessageReader.requiredText(data, "requestId"), fields.value(data.get("packet")));
            case BROADCAST_CLIENT_COUNT -> new Response.BroadcastClientCount(
                    MessageReader.requiredText(data, "requestId"), MessageReader.clientCount(data.get("clientCount")));
            case BROADCAST_ACK -> new Response.BroadcastAck(MessageReader.requiredText(data, "requestId"),
                    fields.value(data.get("packet")));
            default -> throw new IllegalStateException("unreachable: " + type);
        };
        return Optional.of(new ClusterMessage(uid, nsp, body));
    }

    /** {@code {type: 2, data}}; the namespace is the envelope's (Node's ClusterAdapter sends none in the packet). */
    private Packet packet(JsonNode node, String nsp) {
        Packet packet = fields.packet(node, "packet");
        return new Packet(PacketType.EVENT, nsp, packet.data(), null);
    }
}

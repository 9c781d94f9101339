package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.roomcast.socketio.protocol.PacketType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns decoded trees into message records, checking every field's type: each deviation is a
 * {@link MalformedMessageException} that names the field. Where Node's adapter tolerates a missing field (it reads
 * {@code undefined} as empty) so do we; unknown fields and unknown flags are ignored.
 */
final class MessageReader {

    private final CodecLimits limits;

    MessageReader(CodecLimits limits) {
        this.limits = limits;
    }

    BroadcastMessage broadcast(JsonNode root) {
        if (!root.isArray() || root.size() < 3) {
            throw new MalformedMessageException("a broadcast is an array [uid, packet, opts]");
        }
        String uid = text(root.get(0), "uid");
        Packet packet = packet(root.get(1), "packet");
        WireOptions opts = options(root.get(2), "opts");
        return new BroadcastMessage(uid, packet, opts);
    }

    Optional<Request> request(JsonNode root) {
        requireObject(root, "request");
        RequestType type = type(root);
        if (type == null) {
            return Optional.empty();
        }
        String uid = optionalText(root, "uid");
        return Optional.ofNullable(switch (type) {
            case SOCKETS -> new Request.Sockets(uid, requiredText(root, "requestId"), roomsOrEmpty(root, "rooms"));
            case ALL_ROOMS -> new Request.AllRooms(uid, requiredText(root, "requestId"));
            case REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT -> socketOperation(type, uid, root);
            case REMOTE_FETCH -> new Request.FetchSockets(uid, requiredText(root, "requestId"),
                    options(root.get("opts"), "opts"));
            case SERVER_SIDE_EMIT -> new Request.ServerSideEmit(uid, optionalText(root, "requestId"),
                    list(root.get("data"), "data"));
            case BROADCAST -> new Request.BroadcastWithAck(uid, requiredText(root, "requestId"),
                    packet(root.get("packet"), "packet"), options(root.get("opts"), "opts"));
            case BROADCAST_CLIENT_COUNT, BROADCAST_ACK -> null; // response types: no request to act on
        });
    }

    private Request socketOperation(RequestType type, String uid, JsonNode root) {
        JsonNode opts = root.get("opts");
        if (opts != null && !opts.isNull()) { // 8.x form (Node: `if (request.opts)`)
            WireOptions options = options(opts, "opts");
            return switch (type) {
                case REMOTE_JOIN -> new Request.RemoteJoin(uid, options, rooms(root.get("rooms"), "rooms"));
                case REMOTE_LEAVE -> new Request.RemoteLeave(uid, options, rooms(root.get("rooms"), "rooms"));
                default -> new Request.RemoteDisconnect(uid, options, optionalBoolean(root, "close"));
            };
        }
        String requestId = requiredText(root, "requestId");
        String sid = requiredText(root, "sid");
        if (type == RequestType.REMOTE_DISCONNECT) {
            return new Request.LegacySocketOperation(type, uid, requestId, sid, null, optionalBoolean(root, "close"));
        }
        return new Request.LegacySocketOperation(type, uid, requestId, sid, room(root.get("room"), "room"), false);
    }

    Optional<Response> response(JsonNode root, Function<String, RequestType> pendingRequests) {
        requireObject(root, "response");
        String requestId = optionalText(root, "requestId");
        if (requestId == null) {
            return Optional.empty(); // Node: "ignoring unknown request"
        }
        RequestType pending = pendingRequests.apply(requestId);
        if (pending == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (pending) {
            case BROADCAST -> {
                RequestType type = type(root);
                if (type == RequestType.BROADCAST_CLIENT_COUNT) {
                    yield new Response.BroadcastClientCount(requestId, clientCount(root.get("clientCount")));
                }
                yield type == RequestType.BROADCAST_ACK
                        ? new Response.BroadcastAck(requestId, value(root.get("packet")))
                        : null;
            }
            case SOCKETS -> new Response.Sockets(requestId, socketIds(root.get("sockets")));
            case REMOTE_FETCH -> new Response.FetchSockets(requestId, socketDetails(root.get("sockets")));
            case ALL_ROOMS -> new Response.AllRooms(requestId, roomsOrEmpty(root, "rooms"));
            case REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT -> new Response.SocketOperationDone(requestId);
            case SERVER_SIDE_EMIT -> new Response.ServerSideEmit(requestId, value(root.get("data")));
            case BROADCAST_CLIENT_COUNT, BROADCAST_ACK -> null;
        });
    }

    Packet packet(JsonNode node, String field) {
        int code = eventType(node, field);
        List<Object> data = list(node.get("data"), field + ".data");
        EventShape.check(code, node, data, field);
        return new Packet(PacketType.EVENT, nsp(node, field), data, null);
    }

    /**
     * {@code [uid, packet, opts]} with the packet encoded for the clients straight from the decoded tree (checked
     * as {@link #packet} checks it): the same frames as encoding {@link #broadcast}'s packet, without the Java
     * values in between.
     */
    EncodedBroadcast encodedBroadcast(JsonNode root, PacketEncoder encoder) {
        if (!root.isArray() || root.size() < 3) {
            throw new MalformedMessageException("a broadcast is an array [uid, packet, opts]");
        }
        String uid = text(root.get(0), "uid");
        JsonNode packet = root.get(1);
        int code = eventType(packet, "packet");
        JsonNode data = packet.get("data");
        requireArray(data, "packet.data");
        data = WireValues.normalize(data, limits);
        EventShape.checkTree(code, packet, data, "packet");
        String nsp = nsp(packet, "packet");
        WireOptions opts = options(root.get(2), "opts");
        String event = data.get(0).textValue();
        return new EncodedBroadcast(uid, nsp, event, opts, encoder.encodeTree(PacketType.EVENT, nsp, data, null));
    }

    /** The wire {@code type}, checked: 2 or 5. */
    private static int eventType(JsonNode node, String field) {
        requireObject(node, field);
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isIntegralNumber()) {
            throw new MalformedMessageException(field + ".type must be an integer");
        }
        // Node always publishes EVENT (2); old emitters sent BINARY_EVENT (5) for binary data. Our encoder picks
        // the binary type itself, so both become EVENT.
        int code = typeNode.canConvertToInt() ? typeNode.intValue() : -1;
        if (code != PacketType.EVENT.code() && code != PacketType.BINARY_EVENT.code()) {
            throw new MalformedMessageException(field + ".type must be 2 (EVENT) or 5 (BINARY_EVENT), was " + typeNode);
        }
        return code;
    }

    private static String nsp(JsonNode node, String field) {
        JsonNode nspNode = node.get("nsp");
        String nsp = nspNode == null || nspNode.isNull() ? "/" : text(nspNode, field + ".nsp"); // old emitters
        if (!nsp.startsWith("/")) {
            throw new MalformedMessageException(field + ".nsp must start with '/': " + nsp);
        }
        return nsp;
    }

    WireOptions options(JsonNode node, String field) {
        requireObject(node, field);
        return new WireOptions(roomsOrEmpty(node, "rooms"), roomsOrEmpty(node, "except"),
                flags(node.get("flags"), field + ".flags"));
    }

    private WireFlags flags(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return WireFlags.NONE;
        }
        requireObject(node, field);
        JsonNode timeout = node.get("timeout");
        Long timeoutMillis = null;
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.isNumber() || timeout.doubleValue() < 0 || !Double.isFinite(timeout.doubleValue())) {
                throw new MalformedMessageException(field + ".timeout must be a number >= 0");
            }
            timeoutMillis = timeout.longValue(); // setTimeout truncates too
        }
        return new WireFlags(flag(node, "volatile", field), flag(node, "compress", field),
                flag(node, "local", field), timeoutMillis, flag(node, "expectSingleResponse", field));
    }

    private static Boolean flag(JsonNode flags, String name, String field) {
        JsonNode node = flags.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new MalformedMessageException(field + "." + name + " must be a boolean");
        }
        return node.booleanValue();
    }

    List<Room> roomsOrEmpty(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? List.of() : rooms(node, field);
    }

    List<Room> rooms(JsonNode node, String field) {
        requireArray(node, field);
        List<Room> rooms = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            rooms.add(room(element, field + "[]"));
        }
        return rooms;
    }

    private static Room room(JsonNode node, String field) {
        if (node != null && node.isTextual()) {
            return Room.of(node.textValue());
        }
        if (node != null && node.isNumber()) {
            return Room.ofNumber(node.doubleValue());
        }
        throw new MalformedMessageException(field + " must be a string or a number");
    }

    private List<String> socketIds(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of(); // Node counts the response and ignores the missing list
        }
        checkEntries(node);
        List<String> ids = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            ids.add(text(element, "sockets[]"));
        }
        return ids;
    }

    List<SocketDetails> socketDetails(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of(); // as above
        }
        checkEntries(node);
        List<SocketDetails> sockets = new ArrayList<>(node.size());
        for (JsonNode socket : node) {
            requireObject(socket, "sockets[]");
            JsonNode handshake = socket.get("handshake");
            requireObject(handshake, "sockets[].handshake");
            @SuppressWarnings("unchecked")
            Map<String, Object> handshakeValue = (Map<String, Object>) value(handshake);
            sockets.add(new SocketDetails(requiredText(socket, "id"), handshakeValue,
                    roomsOrEmpty(socket, "rooms"), value(socket.get("data"))));
        }
        return sockets;
    }

    static long clientCount(JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new MalformedMessageException("clientCount must be an integer >= 0");
        }
        return node.longValue();
    }

    /** The {@code type} field: null when absent or unknown (such messages are ignored, as in Node). */
    private static RequestType type(JsonNode root) {
        JsonNode node = root.get("type");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw new MalformedMessageException("type must be an integer, was " + node);
        }
        return node.canConvertToLong() ? RequestType.fromCode(node.longValue()) : null;
    }

    List<Object> list(JsonNode node, String field) {
        requireArray(node, field);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value(node);
        return list;
    }

    Object value(JsonNode node) {
        return node == null ? null : WireValues.toJava(node, limits);
    }

    private void checkEntries(JsonNode node) {
        if (node.size() > limits.maxEntries()) {
            throw new MalformedMessageException(node.size() + " entries, limit " + limits.maxEntries());
        }
    }

    static String requiredText(JsonNode parent, String field) {
        return text(parent.get(field), field);
    }

    static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : text(node, field);
    }

    static boolean optionalBoolean(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new MalformedMessageException(field + " must be a boolean");
        }
        return node.booleanValue();
    }

    static String text(JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            throw new MalformedMessageException(field + " must be a string");
        }
        return node.textValue();
    }

    static void requireObject(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new MalformedMessageException(field + " must be an object");
        }
    }

    private void requireArray(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new MalformedMessageException(field + " must be an array");
        }
        checkEntries(node);
    }
}

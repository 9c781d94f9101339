package io.roomcast.socketio.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns packets into Engine.IO messages as socket.io-parser's {@code Encoder} does: {@code <type>[<attachments>-]
 * [<nsp>,][<id>][<json>]}. An EVENT or ACK whose data holds {@code byte[]} at any depth becomes a BINARY_EVENT or
 * BINARY_ACK whose binaries are replaced by {@code {"_placeholder":true,"num":n}} and sent as attachments.
 * Thread-safe and stateless.
 */
public final class PacketEncoder {

    public EncodedPacket encode(Packet packet) {
        if (packet.data() == null) {
            return new EncodedPacket(header(packet.type(), 0, packet.nsp(), packet.id()), List.of());
        }
        return encodeTree(packet.type(), packet.nsp(), Json.MAPPER.valueToTree(packet.data()), packet.id());
    }

    /**
     * As {@link #encode}, for data a decoder already holds as a tree (a broadcast read from another node): no
     * conversion to Java values and back. Binary nodes become attachments; the tree is consumed (its binaries are
     * replaced by placeholders in place) and must not be used afterwards.
     */
    public EncodedPacket encodeTree(PacketType packetType, String nsp, JsonNode data, Long id) {
        List<byte[]> attachments = new ArrayList<>(0);
        JsonNode tree = extractBinaries(data, attachments);
        PacketType type = packetType;
        if (!attachments.isEmpty()) {
            if (type == PacketType.EVENT || type == PacketType.BINARY_EVENT) {
                type = PacketType.BINARY_EVENT;
            } else if (type == PacketType.ACK || type == PacketType.BINARY_ACK) {
                type = PacketType.BINARY_ACK;
            } else {
                throw new IllegalArgumentException("binary data is only allowed in EVENT and ACK packets");
            }
        } else if (type == PacketType.BINARY_EVENT) {
            type = PacketType.EVENT;
        } else if (type == PacketType.BINARY_ACK) {
            type = PacketType.ACK;
        }
        try {
            String json = Json.MAPPER.writeValueAsString(tree);
            return new EncodedPacket(header(type, attachments.size(), nsp, id) + json, attachments);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise packet data: " + e.getOriginalMessage(), e);
        }
    }

    private static String header(PacketType type, int attachments, String nsp, Long id) {
        StringBuilder out = new StringBuilder().append(type.code());
        if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
            out.append(attachments).append('-');
        }
        if (!"/".equals(nsp)) {
            out.append(nsp).append(',');
        }
        if (id != null) {
            out.append(id);
        }
        return out.toString();
    }

    /**
     * Replaces binary nodes by placeholders, depth first in document order (as socket.io-parser's
     * {@code deconstructPacket}); also maps non-finite numbers to null as {@code JSON.stringify} does.
     */
    private static JsonNode extractBinaries(JsonNode node, List<byte[]> attachments) {
        if (node.isBinary()) {
            ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
            placeholder.put("_placeholder", true);
            placeholder.put("num", attachments.size());
            attachments.add(binaryValue(node));
            return placeholder;
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, extractBinaries(array.get(i), attachments));
            }
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                field.setValue(extractBinaries(field.getValue(), attachments));
            }
        }
        return node;
    }

    private static byte[] binaryValue(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("binary node without bytes", e);
        }
    }
}

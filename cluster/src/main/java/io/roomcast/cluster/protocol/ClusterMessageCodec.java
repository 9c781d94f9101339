package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes and decodes socket.io-adapter's {@code ClusterAdapter} messages (protocol §3) in the two forms of
 * {@code @socket.io/redis-streams-adapter} 0.3.x (§6.4, §6.6), byte-compatible with Node's {@code @msgpack/msgpack}
 * and {@code JSON.stringify}:
 * <ul>
 *   <li><b>pub/sub payload</b>: MessagePack of the whole envelope {@code {type, data, uid, nsp}}, always;</li>
 *   <li><b>sharded payload</b> ({@code @socket.io/redis-adapter} 8.3 {@code createShardedAdapter}, §4.4): the same
 *       envelope as JSON, or as MessagePack when the type may carry binary and {@code data} holds some;</li>
 *   <li><b>stream entry</b>: the fields {@code uid, nsp, type} (decimal) and {@code data}, which is JSON, or the
 *       base64 of its MessagePack when it holds binary and the type may carry binary. Decoding reads {@code data}
 *       starting with {@code '{'} as JSON and anything else as base64 MessagePack, as Node's {@code decode}.</li>
 * </ul>
 * Every decoding failure is a {@link MalformedMessageException}; heartbeat-variant and unknown types decode to
 * {@link Optional#empty()}. Thread-safe; build one per node and share it.
 */
public final class ClusterMessageCodec {

    private static final char JSON_OBJECT_START = '{';

    private final WireFormats formats;
    private final ClusterMessageReader reader;
    private final ClusterMessageWriter writer;

    public ClusterMessageCodec() {
        this(CodecLimits.DEFAULT);
    }

    public ClusterMessageCodec(CodecLimits limits) {
        this.formats = new WireFormats(limits);
        this.reader = new ClusterMessageReader(new MessageReader(limits));
        this.writer = new ClusterMessageWriter(new MessageWriter(formats.msgpack()));
    }

    public CodecLimits limits() {
        return formats.limits();
    }

    /** MessagePack {@code {type, data, uid, nsp}}, for {@code P#nsp#} and {@code P#nsp#uid#}. */
    public byte[] encodeEnvelope(ClusterMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        return formats.msgpackBytes(writer.envelope(message.uid(), message.nsp(), message.body()));
    }

    /**
     * The sharded adapter's payload (sharded-adapter.js {@code encode}): {@code JSON.stringify} of
     * {@code {type, data, uid, nsp}}, or its notepack MessagePack when the type may carry binary and {@code data}
     * holds some.
     */
    public byte[] encodeShardedPayload(ClusterMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        JsonNode envelope = writer.envelope(message.uid(), message.nsp(), message.body());
        boolean binary = message.type().mayContainBinary() && hasBinary(envelope.get("data"));
        return binary ? formats.msgpackBytes(envelope) : formats.jsonBytes(envelope);
    }

    /** A pub/sub payload, MessagePack or JSON (first byte {@code '{'}); empty for types this node does not act on. */
    public Optional<ClusterMessage> decodeEnvelope(byte[] payload) {
        JsonNode root = formats.parse(payload);
        return WireFormats.guarded(() -> reader.envelope(root));
    }

    /**
     * The fields of a stream entry, in Node's order: {@code uid, nsp, type, data}.
     *
     * @param onlyPlaintext Node's {@code onlyPlaintext}: always JSON, binary values as {@code {"type":"Buffer"}}
     */
    public Map<String, String> encodeEntry(ClusterMessage message, boolean onlyPlaintext) {
        Objects.requireNonNull(message, "message must not be null");
        ClusterMessageType type = message.type();
        JsonNode data = writer.data(message.body());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uid", message.uid());
        fields.put("nsp", message.nsp());
        fields.put("type", Integer.toString(type.code()));
        if (!onlyPlaintext && type.mayContainBinary() && hasBinary(data)) {
            fields.put("data", Base64.getEncoder().encodeToString(formats.msgpackBytes(data)));
        } else {
            fields.put("data", new String(formats.jsonBytes(data), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** A stream entry's fields; empty for types this node does not act on. */
    public Optional<ClusterMessage> decodeEntry(Map<String, String> fields) {
        if (fields == null) {
            throw new MalformedMessageException("entry without fields");
        }
        String uid = required(fields, "uid");
        String nsp = required(fields, "nsp");
        String typeText = required(fields, "type");
        if (typeText.isEmpty() || typeText.length() > 9 || !typeText.chars().allMatch(Character::isDigit)) {
            throw new MalformedMessageException("type must be a decimal integer, was " + abbreviate(typeText));
        }
        ClusterMessageType type = ClusterMessageType.fromCode(Long.parseLong(typeText));
        String data = fields.get("data");
        JsonNode tree = data == null || data.isEmpty() ? null : parseEntryData(data);
        return WireFormats.guarded(() -> reader.message(uid, nsp, type, tree));
    }

    private JsonNode parseEntryData(String data) {
        if (data.length() > formats.limits().maxMessageBytes()) {
            throw new MalformedMessageException("data of " + data.length() + " characters, limit "
                    + formats.limits().maxMessageBytes());
        }
        if (data.charAt(0) == JSON_OBJECT_START) {
            return formats.parse(data.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("data is neither JSON nor base64: " + e.getMessage(), e);
        }
        if (bytes.length > 0 && bytes[0] == JSON_OBJECT_START) {
            throw new MalformedMessageException("base64 data must hold MessagePack");
        }
        return formats.parse(bytes);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new MalformedMessageException("entry without " + name);
        }
        return value;
    }

    private static boolean hasBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasBinary(child)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }
}

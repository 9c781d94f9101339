package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * The two encodings of the Redis adapters' payloads, MessagePack and JSON, shared by {@link MessageCodec} (classic)
 * and {@link ClusterMessageCodec} (streams): reading applies the {@link CodecLimits} before anything is built, and
 * a payload is JSON exactly when its first byte is {@code {}.
 */
final class WireFormats {

    private static final byte JSON_OBJECT_START = 0x7b;

    private final CodecLimits limits;
    private final ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
    private final ObjectMapper json;

    WireFormats(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringBytes())
                .build();
        // JSON.parse rejects anything after the value, so do we
        this.json = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    CodecLimits limits() {
        return limits;
    }

    /** The MessagePack mapper, for writers that build trees with it. */
    ObjectMapper msgpack() {
        return msgpack;
    }

    byte[] msgpackBytes(JsonNode tree) {
        byte[] direct = MsgpackTreeWriter.write(tree);
        return direct != null ? direct : write(msgpack, tree);
    }

    /** JSON with binary values in Node's JSON form ({@link WireValues#forJson}). */
    byte[] jsonBytes(JsonNode tree) {
        return write(json, WireValues.forJson(tree));
    }

    /** JSON when the first byte is {@code {}, MessagePack otherwise, within the limits. */
    JsonNode parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new MalformedMessageException("empty message");
        }
        if (payload.length > limits.maxMessageBytes()) {
            throw new MalformedMessageException("message of " + payload.length + " bytes, limit "
                    + limits.maxMessageBytes());
        }
        try {
            if (payload[0] == JSON_OBJECT_START) {
                return json.readTree(payload);
            }
            MsgpackGuard.check(payload, limits);
            return msgpack.readTree(payload);
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("unreadable message: " + e.getMessage(), e);
        }
    }

    /** Runs a tree reader; a failure the reader did not foresee still comes out as malformed input. */
    static <T> T guarded(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedMessageException("invalid message: " + e.getMessage(), e);
        }
    }

    private static byte[] write(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode message: " + e.getOriginalMessage(), e);
        }
    }
}

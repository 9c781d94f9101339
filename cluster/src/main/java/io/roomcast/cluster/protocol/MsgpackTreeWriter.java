package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a tree as MessagePack with msgpack-core's packer directly, making the same packer calls (and so the same
 * bytes) as jackson-dataformat-msgpack's generator does for it, without the generator's own copy of the tree (it
 * buffers every container to learn its size first; a tree knows its sizes). Values the generator would treat in its
 * own way (decimals, POJOs such as extension types) are not written here: {@link #write} gives null and the caller
 * uses the generator.
 */
final class MsgpackTreeWriter {

    private MsgpackTreeWriter() {
    }

    /** The MessagePack bytes of {@code tree}, or null when it holds a value only the generator writes. */
    static byte[] write(JsonNode tree) {
        if (!writable(tree)) {
            return null;
        }
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            pack(packer, tree);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer packer does no I/O
        }
    }

    private static boolean writable(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT, ARRAY -> {
                for (JsonNode child : node) {
                    if (!writable(child)) {
                        return false;
                    }
                }
                return true;
            }
            case NUMBER -> {
                return !node.isBigDecimal() && !node.isBigInteger(); // the generator's own handling
            }
            case STRING, BOOLEAN, NULL, BINARY -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void pack(MessageBufferPacker packer, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                packer.packMapHeader(node.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    packer.packString(field.getKey());
                    pack(packer, field.getValue());
                }
            }
            case ARRAY -> {
                packer.packArrayHeader(node.size());
                for (JsonNode element : node) {
                    pack(packer, element);
                }
            }
            case STRING -> packer.packString(node.textValue());
            case BOOLEAN -> packer.packBoolean(node.booleanValue());
            case NULL -> packer.packNil();
            case BINARY -> {
                byte[] bytes = node.binaryValue();
                packer.packBinaryHeader(bytes.length);
                packer.writePayload(bytes);
            }
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> packer.packInt(node.intValue());
                    case LONG -> packer.packLong(node.longValue());
                    case BIG_INTEGER -> packer.packBigInteger(node.bigIntegerValue());
                    case FLOAT -> packer.packFloat(node.floatValue());
                    default -> packer.packDouble(node.doubleValue());
                }
            }
            default -> throw new IllegalStateException("not writable here: " + node.getNodeType());
        }
    }
}

package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The direct tree writer gives jackson-dataformat-msgpack's bytes, and leaves what it does not know to it. */
class MsgpackTreeWriterTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());

    @Test
    void shouldWriteTheGeneratorsBytesForEveryKindOfValue() throws Exception {
        ArrayNode root = NODES.arrayNode();
        for (long n : new long[] {0, 1, 127, 128, 255, 256, 65_535, 65_536, Integer.MAX_VALUE, 1L << 32,
                Long.MAX_VALUE, -1, -32, -33, -128, -129, -32_768, -32_769, Integer.MIN_VALUE, Long.MIN_VALUE}) {
            root.add(n);
            if (n == (int) n) {
                root.add((int) n);
            }
        }
        root.add(1.5).add(-0.0).add(Double.NaN).add(1e300).add(1.1f).add(true).add(false).addNull();
        for (int length : new int[] {0, 1, 31, 32, 255, 256, 65_535, 65_536}) {
            root.add("é".repeat(length / 2) + "x".repeat(length % 2));
            root.add(new byte[length]);
        }
        ObjectNode object = root.addObject();
        object.put("type", 2).putArray("data").add("message").addObject().put("id", "a\u2028b").put("ts", 1L << 40);
        object.putObject("empty");
        object.putArray("none");
        for (int i = 0; i < 20; i++) {
            object.put("k" + i, i);
        }
        assertSameBytes(root);
        assertSameBytes(msgpack.valueToTree(List.of("message", Map.of("room", "r", "n", 3))));
    }

    @Test
    void shouldLeaveDecimalsBigIntegersAndPojosToTheGenerator() {
        assertThat(MsgpackTreeWriter.write(NODES.arrayNode().add(new BigDecimal("1.5")))).isNull();
        assertThat(MsgpackTreeWriter.write(NODES.arrayNode().add(BigInteger.TWO.pow(70)))).isNull();
        assertThat(MsgpackTreeWriter.write(NODES.objectNode().putPOJO("p", new Object()))).isNull();
    }

    private void assertSameBytes(JsonNode tree) throws Exception {
        assertThat(HexFormat.of().formatHex(MsgpackTreeWriter.write(tree)))
                .isEqualTo(HexFormat.of().formatHex(msgpack.writeValueAsBytes(tree)));
    }
}

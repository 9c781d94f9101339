package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.PacketEncoder;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link MessageCodec#decodeEncodedBroadcast} (the receiving node's path: MessagePack tree straight into frames) gives
 * exactly what {@link MessageCodec#decodeBroadcast} followed by {@link PacketEncoder} gives, and rejects exactly what
 * it rejects.
 */
class EncodedBroadcastTests {

    private final MessageCodec codec = new MessageCodec();
    private final PacketEncoder encoder = new PacketEncoder();

    @Test
    void shouldGiveTheFramesOfTheDecodedPacketForEveryCapturedBroadcast() {
        int broadcasts = 0;
        for (String folder : List.of("classic", "classic_specific", "em_classic")) {
            for (GoldenVectors.Message message : GoldenVectors.load(folder)) {
                if (!message.channel().contains("-request#") && !message.channel().contains("-response#")) {
                    assertSame(message.bytes());
                    broadcasts++;
                }
            }
        }
        assertThat(broadcasts).isGreaterThan(5);
    }

    @Test
    void shouldConvertValuesAsTheJavaPathDoes() throws Exception {
        ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
        List<String> hex = List.of(
                // binary at the top and nested
                "93a64b4a6c546b5183a47479706502a46461746193a362696ec40301020381a66e6573746564c4026869a36e7370a12f83"
                        + "a5726f6f6d7390a665786365707490a5666c61677380",
                // dates (timestamp 32 and 96)
                "93a17583a47479706502a46461746193a164d6ff6553f100c70cff075bcd15000000006553f100a36e7370a12f80",
                // float32 1.1, float64 NaN, uint64 max, an unknown extension (type 5), legacy type 0 undefined/bytes
                "93a17583a47479706502a4646174619aa165ca3f8ccccdcb7ff8000000000000cfffffffffffffffffd40501d40000"
                        + "d50001029090a36e7370a12f80",
                // old emitter: type 5, no nsp
                "93a7656d697474657282a47479706505a46461746191a2657681a5726f6f6d7390");
        for (String message : hex) {
            assertSame(HexFormat.of().parseHex(message));
        }
        assertSame(msgpack.writeValueAsBytes(List.of("u", Map.of("type", 2, "nsp", "/chat",
                "data", List.of("ev", Map.of("_placeholder", true, "num", 0), List.of(1.5, -7, "é\u2028"))),
                Map.of("rooms", List.of("r"), "except", List.of()))));
    }

    @Test
    void shouldRejectWhatTheJavaPathRejects() throws Exception {
        ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
        byte[] bin = {1, 2, 3};
        Map<String, Object> placeholder = Map.of("_placeholder", true, "num", 0);
        for (List<Object> data : List.of(List.<Object>of(), List.<Object>of(42), List.<Object>of("connect"),
                List.<Object>of("ev", bin, placeholder), List.<Object>of("ev", bin, bin, bin, bin, bin, bin, bin, bin,
                        bin, bin, bin))) {
            assertSame(msgpack.writeValueAsBytes(List.of("u", Map.of("type", 2, "nsp", "/", "data", data), Map.of())));
        }
        assertSame(msgpack.writeValueAsBytes(List.of("u", Map.of("type", 5, "nsp", "/", "data",
                List.of("ev", placeholder)), Map.of())));
        assertSame(msgpack.writeValueAsBytes(List.of("u", Map.of("type", 5, "nsp", "/", "data", List.of("ev", bin),
                "attachments", 2), Map.of())));
    }

    @Test
    void shouldAgreeWithTheJavaPathOnCorruptedCaptures() {
        Random random = new Random(20261204);
        List<GoldenVectors.Message> messages = GoldenVectors.load("classic").stream()
                .filter(m -> !m.channel().contains("-request#") && !m.channel().contains("-response#"))
                .toList();
        for (int round = 0; round < 3_000; round++) {
            byte[] bytes = messages.get(random.nextInt(messages.size())).bytes().clone();
            if (random.nextBoolean()) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            } else {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            assertSame(bytes);
        }
    }

    /** Both paths give the same frames and options, or both reject the payload as malformed. */
    private void assertSame(byte[] payload) {
        String hex = HexFormat.of().formatHex(payload);
        BroadcastMessage[] decoded = new BroadcastMessage[1];
        EncodedBroadcast[] encoded = new EncodedBroadcast[1];
        Throwable javaError = catchThrowable(() -> decoded[0] = codec.decodeBroadcast(payload));
        Throwable treeError = catchThrowable(() -> encoded[0] = codec.decodeEncodedBroadcast(payload));
        if (javaError != null) {
            assertThat(javaError).as(hex).isInstanceOf(MalformedMessageException.class);
            assertThat(treeError).as(hex).isInstanceOf(MalformedMessageException.class);
            return;
        }
        assertThat(treeError).as(hex).isNull();
        EncodedPacket expected = encoder.encode(decoded[0].packet());
        EncodedPacket actual = encoded[0].frames();
        assertThat(actual.text()).as(hex).isEqualTo(expected.text());
        assertThat(actual.attachments()).as(hex).hasSameSizeAs(expected.attachments());
        for (int i = 0; i < expected.attachments().size(); i++) {
            assertThat(actual.attachments().get(i)).as(hex).isEqualTo(expected.attachments().get(i));
        }
        assertThat(encoded[0].uid()).isEqualTo(decoded[0].uid());
        assertThat(encoded[0].nsp()).isEqualTo(decoded[0].packet().nsp());
        assertThat(encoded[0].opts()).isEqualTo(decoded[0].opts());
        assertThat(encoded[0].event()).isEqualTo(((List<?>) decoded[0].packet().data()).get(0));
    }
}

package io.roomcast.cluster.protocol;

import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec against the golden vectors captured from Node ({@code src/test/resources/wire}): every message decodes
 * to the value Node decoded, re-encodes to bytes we decode the same way, and Node (notepack.io / JSON.parse) decodes
 * our bytes to the same value too.
 */
class MessageCodecTests {

    private final MessageCodec codec = new MessageCodec();

    @ParameterizedTest
    @ValueSource(strings = {"classic", "classic_specific", "em_classic"})
    void shouldDecodeEveryCapturedMessageToWhatNodeDecoded(String folder) {
        List<GoldenVectors.Message> messages = GoldenVectors.load(folder);
        assertThat(messages).hasSizeGreaterThan(10);
        Decoder decoder = new Decoder();
        for (GoldenVectors.Message message : messages) {
            Decoded decoded = decoder.decode(message);
            assertThat(decoded.view()).as(message.toString()).isEqualTo(message.expected());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "classic_specific", "em_classic"})
    void shouldReencodeEveryCapturedMessageToBytesThatDecodeToTheSameValue(String folder) {
        Decoder decoder = new Decoder();
        Decoder redecoder = new Decoder();
        for (GoldenVectors.Message message : GoldenVectors.load(folder)) {
            byte[] encoded = decoder.decode(message).encode();
            assertThat(encoded[0] == '{').as(message + " keeps its format").isEqualTo(message.json());
            Decoded again = redecoder.decode(new GoldenVectors.Message(folder, message.step(), message.channel(),
                    encoded, message.json(), message.expected()));
            assertThat(again.view()).as(message.toString()).isEqualTo(message.expected());
        }
    }

    @Test
    void shouldWriteTheSameBytesAsNodesAdapter() {
        // the adapter's own messages: same key order and the smallest MessagePack formats, so byte for byte equal
        Decoder decoder = new Decoder();
        for (GoldenVectors.Message message : GoldenVectors.load("classic")) {
            assertThat(HexFormat.of().formatHex(decoder.decode(message).encode())).as(message.toString())
                    .isEqualTo(HexFormat.of().formatHex(message.bytes()));
        }
    }

    @Test
    void shouldProduceBytesThatNodeDecodesToTheCapturedValue() {
        List<byte[]> payloads = new ArrayList<>();
        List<GoldenVectors.Message> messages = new ArrayList<>();
        for (String folder : List.of("classic", "classic_specific", "em_classic")) {
            Decoder decoder = new Decoder();
            for (GoldenVectors.Message message : GoldenVectors.load(folder)) {
                payloads.add(decoder.decode(message).encode());
                messages.add(message);
            }
        }
        List<Object> decodedByNode = NodeDecoder.decode(payloads);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(decodedByNode.get(i)).as(messages.get(i).toString()).isEqualTo(messages.get(i).expected());
        }
    }

    @Test
    void shouldStartEveryBroadcastWithItsUidPrefix() {
        for (String uid : List.of("0123456789abcdef", "u", "emitter")) {
            byte[] bytes = codec.encodeBroadcast(new BroadcastMessage(uid, event("/"), WireOptions.all()));
            byte[] prefix = codec.broadcastPrefix(uid);
            assertThat(java.util.Arrays.copyOf(bytes, prefix.length)).as(uid).isEqualTo(prefix);
            assertThat(codec.broadcastPrefix(uid + "x")).isNotEqualTo(java.util.Arrays.copyOf(bytes, prefix.length + 1));
        }
    }

    @Test
    void shouldLetNodeReadBinaryNumericRoomsAndFlagsWeWrite() {
        Packet packet = new Packet(PacketType.BINARY_EVENT, "/chat",
                List.of("bin", new byte[] {1, 2, 3}, Map.of("nested", new byte[] {(byte) 0xff}), 1.5, -7), 5L);
        WireOptions opts = new WireOptions(List.of(Room.ofNumber(123), Room.of("123"), Room.ofNumber(0.5)),
                List.of(Room.of("sid-1")), new WireFlags(true, false, null, 2000L, null));
        byte[] bytes = codec.encodeBroadcast(new BroadcastMessage("java-1", packet, opts));

        Object node = NodeDecoder.decode(List.of(bytes)).get(0);

        assertThat(node).isEqualTo(Plain.of(List.of("java-1",
                Map.of("type", 2, "nsp", "/chat", "data", List.of("bin", new byte[] {1, 2, 3},
                        Map.of("nested", new byte[] {(byte) 0xff}), 1.5, -7)),
                Map.of("rooms", List.of(123, "123", 0.5), "except", List.of("sid-1"),
                        "flags", Map.of("volatile", true, "compress", false, "timeout", 2000)))));
    }

    @Test
    void shouldDecodeTheBinaryOfACapturedBroadcastAsByteArrays() {
        byte[] bytes = HexFormat.of().parseHex("93a64b4a6c546b5183a47479706502a46461746193a362696ec40301020381a66e"
                + "6573746564c4026869a36e7370a12f83a5726f6f6d7390a665786365707490a5666c61677380");

        BroadcastMessage message = codec.decodeBroadcast(bytes);

        assertThat(message.uid()).isEqualTo("KJlTkQ");
        assertThat(message.packet().type()).isEqualTo(PacketType.EVENT);
        assertThat(message.packet().nsp()).isEqualTo("/");
        List<?> data = (List<?>) message.packet().data();
        assertThat(data.get(0)).isEqualTo("bin");
        assertThat((byte[]) data.get(1)).containsExactly(1, 2, 3);
        assertThat((byte[]) ((Map<?, ?>) data.get(2)).get("nested")).containsExactly('h', 'i');
        assertThat(message.opts()).isEqualTo(WireOptions.all());
    }

    @Test
    void shouldKeepNumericRoomsApartFromStringRooms() {
        byte[] json = "{\"uid\":\"n1\",\"type\":2,\"opts\":{\"rooms\":[123,\"123\",1e21],\"except\":[]},\"rooms\":[7]}"
                .getBytes(StandardCharsets.UTF_8);

        Request.RemoteJoin join = (Request.RemoteJoin) codec.decodeRequest(json).orElseThrow();

        assertThat(join.opts().rooms()).containsExactly(new Room("123", true), new Room("123", false),
                new Room("1e+21", true));
        assertThat(join.rooms()).containsExactly(new Room("7", true));
        // locally they are the same string room (Java sockets only join string rooms)
        assertThat(join.opts().toBroadcastOptions().rooms()).containsExactlyInAnyOrder("123", "1e+21");
        String reencoded = new String(codec.encodeRequest(join), StandardCharsets.UTF_8);
        assertThat(reencoded).isEqualTo("{\"uid\":\"n1\",\"type\":2,\"opts\":{\"rooms\":[123,\"123\",1.0E21],"
                + "\"except\":[]},\"rooms\":[7]}");
    }

    @Test
    void shouldIgnoreUnknownAndLegacyFlags() {
        byte[] bytes = codec.encodeBroadcast(new BroadcastMessage("u", event("/"), WireOptions.all()));
        // same message with flags {broadcast: true, future: "x", volatile: true}
        String hex = HexFormat.of().formatHex(bytes).replace("a5666c61677380",
                "a5666c61677383a962726f616463617374c3a6667574757265a178a8766f6c6174696c65c3");

        BroadcastMessage message = codec.decodeBroadcast(HexFormat.of().parseHex(hex));

        assertThat(message.opts().flags()).isEqualTo(new WireFlags(true, null, null, null, null));
        assertThat(message.opts().toBroadcastOptions().flags().volatile_()).isTrue();
        assertThat(message.opts().toBroadcastOptions().flags().compress()).isTrue();
    }

    @Test
    void shouldAcceptOldEmitterPacketsWithoutNamespaceOrWithBinaryEventType() {
        // [ "emitter", {type: 5, data: ["ev"]}, {rooms: []} ]
        byte[] bytes = HexFormat.of().parseHex("93a7656d697474657282a47479706505a46461746191a2657681a5726f6f6d7390");

        BroadcastMessage message = codec.decodeBroadcast(bytes);

        assertThat(message.packet()).isEqualTo(new Packet(PacketType.EVENT, "/", List.of("ev"), null));
        assertThat(message.opts()).isEqualTo(WireOptions.all());
    }

    @Test
    void shouldAlwaysPublishType2WithoutAckId() {
        Packet binary = new Packet(PacketType.BINARY_EVENT, "/", List.of("e", new byte[] {9}), 42L);

        byte[] bytes = codec.encodeBroadcast(new BroadcastMessage("u", binary, WireOptions.all()));

        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("93a17583a47479706502a46461746192a165c40109a36e7370a12f83a5726f6f6d7390a665786365707490"
                        + "a5666c61677380");
    }

    @Test
    void shouldReadJsonWhenTheFirstByteIsABrace() {
        byte[] msgpack = codec.encodeRequest(new Request.AllRooms("u", "r1"));
        assertThat(msgpack[0]).isEqualTo((byte) '{');

        byte[] packed = HexFormat.of().parseHex("83a3756964a175a9726571756573744964a27231a47479706501");
        assertThat(codec.decodeRequest(packed)).contains(new Request.AllRooms("u", "r1"));
        assertThat(codec.decodeRequest(msgpack)).contains(new Request.AllRooms("u", "r1"));
    }

    @Test
    void shouldIgnoreUnknownRequestTypesAndResponsesToOtherNodes() {
        byte[] unknown = "{\"uid\":\"u\",\"type\":42}".getBytes(StandardCharsets.UTF_8);
        byte[] response = "{\"requestId\":\"not-mine\",\"rooms\":[]}".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decodeRequest(unknown)).isEmpty();
        assertThat(codec.decodeResponse(response, id -> null)).isEmpty();
        assertThat(codec.decodeResponse(response, id -> RequestType.ALL_ROOMS))
                .contains(new Response.AllRooms("not-mine", List.of()));
    }

    @Test
    void shouldDecodeLegacySocketOperations() {
        byte[] join = "{\"uid\":\"u\",\"requestId\":\"r\",\"type\":2,\"sid\":\"s1\",\"room\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] disconnect = "{\"uid\":\"u\",\"requestId\":\"r\",\"type\":4,\"sid\":\"s1\",\"close\":true}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decodeRequest(join)).contains(new Request.LegacySocketOperation(RequestType.REMOTE_JOIN,
                "u", "r", "s1", Room.of("x"), false));
        assertThat(codec.decodeRequest(disconnect)).contains(new Request.LegacySocketOperation(
                RequestType.REMOTE_DISCONNECT, "u", "r", "s1", null, true));
        assertThat(new String(codec.encodeRequest(codec.decodeRequest(join).orElseThrow()), StandardCharsets.UTF_8))
                .isEqualTo(new String(join, StandardCharsets.UTF_8));
        assertThat(codec.decodeResponse("{\"requestId\":\"r\"}".getBytes(StandardCharsets.UTF_8),
                id -> RequestType.REMOTE_JOIN)).contains(new Response.SocketOperationDone("r"));
    }

    @Test
    void shouldDecodeDatesAsNodeSendsThemToClients() {
        // [ "u", {type: 2, data: ["d", Date(timestamp 32: 1700000000 s), Date(timestamp 96)], nsp: "/"}, {} ]
        String hex = "93a17583a47479706502a46461746193a164d6ff6553f100c70cff075bcd15000000006553f100a36e7370a12f80";

        BroadcastMessage message = codec.decodeBroadcast(HexFormat.of().parseHex(hex));

        @SuppressWarnings("unchecked")
        List<Object> data = (List<Object>) message.packet().data();
        assertThat(data).containsExactly("d", "2023-11-14T22:13:20.000Z", "2023-11-14T22:13:20.123Z");
    }

    @Test
    void shouldWriteBinaryInJsonMessagesAsNodeBuffersDo() {
        Request request = new Request.ServerSideEmit("u", null, List.of("ev", new byte[] {1, 2}));

        String json = new String(codec.encodeRequest(request), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"uid\":\"u\",\"type\":6,\"data\":[\"ev\",{\"type\":\"Buffer\",\"data\":[1,2]}]}");
    }

    private static Packet event(String nsp) {
        return new Packet(PacketType.EVENT, nsp, List.of("ev"), null);
    }

    /** Decodes captured messages by channel, remembering request ids so responses can be decoded like Node does. */
    private final class Decoder {

        private final Map<String, RequestType> pending = new HashMap<>();

        Decoded decode(GoldenVectors.Message message) {
            String channel = message.channel();
            if (channel.contains("-request#")) {
                Request request = codec.decodeRequest(message.bytes()).orElseThrow();
                if (request.requestId() != null) {
                    pending.put(request.requestId(), request.type());
                }
                return new Decoded(WireView.of(request), () -> codec.encodeRequest(request));
            }
            if (channel.contains("-response#")) {
                Optional<Response> response = codec.decodeResponse(message.bytes(), pending::get);
                Response value = response.orElseThrow(() -> new AssertionError("no pending request for " + message));
                return new Decoded(WireView.of(value), () -> codec.encodeResponse(value));
            }
            BroadcastMessage broadcast = codec.decodeBroadcast(message.bytes());
            return new Decoded(WireView.of(broadcast), () -> codec.encodeBroadcast(broadcast));
        }
    }

    private record Decoded(Object view, java.util.function.Supplier<byte[]> encoder) {
        byte[] encode() {
            return encoder.get();
        }
    }
}

package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Bad input of every kind ends in {@link MalformedMessageException}, and nothing else, without big allocations. */
class MalformedMessageTests {

    private final MessageCodec codec = new MessageCodec();

    @ParameterizedTest
    @ValueSource(strings = {
            "",                       // empty
            "c1",                     // never-used byte
            "93a175",                 // array of 3 with 1 element
            "93a17583a474797065",     // cut inside the packet
            "dbffffffff",             // str32 claiming 4 GiB
            "db7fffffff41",           // str32 claiming 2 GiB with one byte present
            "c6ffffffff",             // bin32 claiming 4 GiB
            "ddffffffff",             // array32 of 4 billion elements
            "dfffffffff",             // map32 of 4 billion entries
            "93a17580c0",             // packet is an empty map: no type
            "9301c0c0",               // uid is a number
            "93a175c0c0",             // packet is nil
            "93a17583a47479706503a46461746190a36e7370a12f80",   // packet type 3 (ACK)
            "93a17583a47479706502a4646174610aa36e7370a12f80",   // data is a number
            "93a17583a47479706502a46461746190a36e7370a16180",   // nsp without leading '/'
            "93a17583a47479706502a46461746190a36e7370a12f81a5726f6f6d7391c3", // room is a boolean
            "93a17583a47479706502a46461746190a36e7370a12f81a5666c61677381a8766f6c6174696c6501", // volatile: 1
            "93a17583a47479706502a46461746190a36e7370a12f81a5666c61677381a774696d656f7574a178", // timeout: "x"
            "93a17583a47479706502a46461746190a36e7370a12f8001",  // trailing byte
            "93a17581017b80",         // map with an integer key
            "7b2275",                 // '{' then broken JSON
            "7b7d7b7d",               // JSON with trailing content
            "5b5d",                   // JSON array is not '{': read as MessagePack (fixint 0x5b + trailing)
    })
    void shouldRejectMalformedBroadcasts(String hex) {
        assertMalformed(() -> codec.decodeBroadcast(HexFormat.of().parseHex(hex)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"1\"}",                                      // type is a string
            "{\"uid\":1,\"requestId\":\"r\",\"type\":1}",          // uid is a number
            "{\"uid\":\"u\",\"type\":1}",                          // ALL_ROOMS without requestId
            "{\"uid\":\"u\",\"requestId\":\"r\",\"type\":5}",      // REMOTE_FETCH without opts
            "{\"uid\":\"u\",\"type\":2,\"opts\":{\"rooms\":[]}}",  // REMOTE_JOIN without rooms
            "{\"uid\":\"u\",\"type\":2,\"opts\":{\"rooms\":{}},\"rooms\":[]}", // opts.rooms is an object
            "{\"uid\":\"u\",\"type\":4,\"opts\":{},\"close\":\"yes\"}",         // close is a string
            "{\"uid\":\"u\",\"type\":6,\"data\":\"ev\"}",          // SERVER_SIDE_EMIT data is not an array
            "{\"uid\":\"u\",\"type\":2,\"requestId\":\"r\",\"sid\":\"s\"}",      // legacy join without room
            "{\"type\":1",                                           // broken JSON
    })
    void shouldRejectMalformedRequests(String json) {
        assertMalformed(() -> codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRejectMalformedResponses() {
        byte[] badCount = "{\"type\":8,\"requestId\":\"r\",\"clientCount\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] badRoom = "{\"requestId\":\"r\",\"rooms\":[null]}".getBytes(StandardCharsets.UTF_8);
        byte[] badId = "{\"requestId\":7,\"rooms\":[]}".getBytes(StandardCharsets.UTF_8);

        assertMalformed(() -> codec.decodeResponse(badCount, id -> RequestType.BROADCAST));
        assertMalformed(() -> codec.decodeResponse(badRoom, id -> RequestType.ALL_ROOMS));
        assertMalformed(() -> codec.decodeResponse(badId, id -> RequestType.ALL_ROOMS));
    }

    /** Packets socket.io-client would disconnect on ("parse error"), in the classic and the ClusterAdapter form. */
    @Test
    void shouldRejectEventPacketsThatSocketIoClientCannotParse() throws Exception {
        ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
        ClusterMessageCodec cluster = new ClusterMessageCodec();
        byte[] bin = {1, 2, 3};
        Map<String, Object> placeholder = Map.of("_placeholder", true, "num", 0);
        List<Map<String, Object>> bad = List.of(
                packet(2, List.of()),                                   // no event name
                packet(2, List.of(42, "x")),                            // event name is a number
                packet(2, List.of(Map.of("a", 1))),                     // event name is an object
                packet(2, List.of("connect", "x")),                     // reserved on the client
                packet(2, List.of("disconnect")),                       // reserved
                packet(5, List.of("ev", placeholder)),                  // placeholder that points at nothing
                packet(2, List.of("ev", bin, placeholder)),             // placeholder next to binary
                packet(2, java.util.stream.Stream.concat(java.util.stream.Stream.of((Object) "ev"),
                        java.util.stream.Stream.generate(() -> (Object) bin).limit(11)).toList()), // > maxAttachments
                withAttachments(packet(5, List.of("ev", bin)), 2),      // attachments count wrong
                withAttachments(packet(5, List.of("ev", bin)), -1),     // negative
                withAttachments(packet(5, List.of("ev", bin)), "1"));   // not a number
        for (Map<String, Object> packet : bad) {
            byte[] classic = msgpack.writeValueAsBytes(List.of("u", packet, Map.of()));
            byte[] envelope = msgpack.writeValueAsBytes(Map.of("uid", "u", "nsp", "/", "type", 3,
                    "data", Map.of("packet", packet, "opts", Map.of())));
            assertMalformed(() -> codec.decodeBroadcast(classic));
            assertMalformed(() -> cluster.decodeEnvelope(envelope));
        }
        // still accepted: numbers of binaries within bounds, a matching count, a placeholder-shaped plain object
        for (Map<String, Object> packet : List.of(packet(2, List.of("ev", bin, Map.of("b", bin))),
                withAttachments(packet(5, List.of("ev", bin)), 1), packet(2, List.of("ev", placeholder)))) {
            assertThat(codec.decodeBroadcast(msgpack.writeValueAsBytes(List.of("u", packet, Map.of()))).packet()
                    .data()).isInstanceOf(List.class);
        }
    }

    private static Map<String, Object> packet(int type, List<Object> data) {
        Map<String, Object> packet = new java.util.LinkedHashMap<>();
        packet.put("type", type);
        packet.put("data", data);
        packet.put("nsp", "/");
        return packet;
    }

    private static Map<String, Object> withAttachments(Map<String, Object> packet, Object attachments) {
        packet.put("attachments", attachments);
        return packet;
    }

    @Test
    void shouldRejectDeepNesting() {
        byte[] deep = new byte[CodecLimits.DEFAULT_MAX_NESTING_DEPTH + 2];
        Arrays.fill(deep, (byte) 0x91); // [[[[...
        deep[deep.length - 1] = (byte) 0xc0;
        String deepJson = "{\"uid\":\"u\",\"type\":6,\"data\":" + "[".repeat(1000) + "]".repeat(1000) + "}";

        assertMalformed(() -> codec.decodeBroadcast(deep));
        assertMalformed(() -> codec.decodeRequest(deepJson.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldApplyTheConfiguredLimits() {
        MessageCodec strict = new MessageCodec(new CodecLimits(1024, 8, 4, 10));
        BroadcastMessage message = codec.decodeBroadcast(HexFormat.of().parseHex("93a17582a47479706502a46461746191"
                + "a2657683a5726f6f6d7390a665786365707490a5666c61677380"));
        byte[] longString = codec.encodeBroadcast(new BroadcastMessage("u", message.packet().withNsp("/"),
                new WireOptions(List.of(Room.of("a-room-name-longer-than-8")), List.of(), null)));
        byte[] manyRooms = codec.encodeBroadcast(new BroadcastMessage("u", message.packet(),
                new WireOptions(List.of(Room.of("a"), Room.of("b"), Room.of("c"), Room.of("d"), Room.of("e")),
                        List.of(), null)));
        byte[] big = new byte[1025];
        big[0] = (byte) 0xc0;

        assertThat(strict.decodeBroadcast(codec.encodeBroadcast(message))).isEqualTo(message);
        assertMalformed(() -> strict.decodeBroadcast(longString));
        assertMalformed(() -> strict.decodeBroadcast(manyRooms));
        assertMalformed(() -> strict.decodeBroadcast(big));
        assertThat(CodecLimits.DEFAULT.maxMessageBytes()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void shouldThrowOnlyMalformedMessageExceptionForCorruptedCaptures() {
        // flip, cut and splice the captured messages: each outcome is a decoded message or a MalformedMessageException
        Random random = new Random(20261125);
        List<GoldenVectors.Message> messages = GoldenVectors.load("classic");
        for (int round = 0; round < 5_000; round++) {
            byte[] original = messages.get(random.nextInt(messages.size())).bytes();
            byte[] bytes = corrupt(original, random);
            for (int kind = 0; kind < 3; kind++) {
                int which = kind;
                Throwable thrown = catchThrowable(() -> {
                    switch (which) {
                        case 0 -> codec.decodeBroadcast(bytes);
                        case 1 -> codec.decodeRequest(bytes);
                        default -> codec.decodeResponse(bytes, id -> RequestType.values()[id.length() % 10]);
                    }
                });
                if (thrown != null && !(thrown instanceof MalformedMessageException)) {
                    throw new AssertionError("unexpected " + thrown + " for " + HexFormat.of().formatHex(bytes),
                            thrown);
                }
            }
        }
    }

    private static byte[] corrupt(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> {
                for (int i = 0; i < 4; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int at = random.nextInt(bytes.length);
                byte[] header = {(byte) 0xdb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0};
                System.arraycopy(header, 0, bytes, at, Math.min(header.length, bytes.length - at));
            }
        }
        return bytes;
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isExactlyInstanceOf(MalformedMessageException.class)
                .isInstanceOf(io.roomcast.cluster.ClusterException.class);
    }
}

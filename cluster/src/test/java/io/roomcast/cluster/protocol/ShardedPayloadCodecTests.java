package io.roomcast.cluster.protocol;

import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sharded adapter's payload against what Node's {@code createShardedAdapter} (8.3.0) SPUBLISHed
 * ({@code wire/sharded/decoded-monitor.txt}: MONITOR sees SPUBLISH, PSUBSCRIBE does not, so the bytes are there):
 * every captured message decodes, and encoding what it decoded to gives back the captured bytes; what we encode
 * decodes in Node (notepack.io or JSON.parse by the first byte, as sharded-adapter.js) to the value we meant.
 */
class ShardedPayloadCodecTests {

    private final ClusterMessageCodec codec = new ClusterMessageCodec();

    record Published(String step, String channel, byte[] bytes, boolean json) {
    }

    /** Every SPUBLISH of the capture: its channel and exact payload (JSON text, or the hex of the MessagePack). */
    static List<Published> published() {
        List<Published> messages = new ArrayList<>();
        List<String> lines = lines("/wire/sharded/decoded-monitor.txt");
        String step = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("##### ")) {
                step = line.substring(6).trim();
            }
            if (!line.startsWith("SPUBLISH ")) {
                continue;
            }
            String channel = line.substring("SPUBLISH ".length(), line.lastIndexOf(" ("));
            int length = Integer.parseInt(line.substring(line.lastIndexOf(" (") + 2, line.lastIndexOf(" bytes)")));
            String payload = lines.get(i + 1).trim();
            byte[] bytes;
            boolean json = payload.startsWith("JSON ");
            if (json) {
                bytes = payload.substring("JSON ".length()).getBytes(StandardCharsets.UTF_8);
            } else {
                assertThat(payload).startsWith("hex: ");
                bytes = HexFormat.of().parseHex(payload.substring("hex: ".length()));
            }
            assertThat(bytes).as("length of %s on %s", step, channel).hasSize(length);
            messages.add(new Published(step, channel, bytes, json));
        }
        return messages;
    }

    @Test
    void shouldDecodeEveryCapturedMessageAndEncodeItBackToTheSameBytes() {
        List<Published> messages = published();
        assertThat(messages).hasSize(24);
        for (Published message : messages) {
            ClusterMessage decoded = codec.decodeEnvelope(message.bytes()).orElseThrow();
            assertThat(message.channel()).startsWith("socket.io#" + decoded.nsp() + "#");
            byte[] encoded = codec.encodeShardedPayload(decoded);
            if (message.json()) {
                assertThat(new String(encoded, StandardCharsets.UTF_8)).as("%s on %s", message.step(), message.channel())
                        .isEqualTo(new String(message.bytes(), StandardCharsets.UTF_8));
            } else {
                assertThat(HexFormat.of().formatHex(encoded)).as("%s on %s", message.step(), message.channel())
                        .isEqualTo(HexFormat.of().formatHex(message.bytes()));
            }
        }
    }

    @Test
    void shouldMapCapturedMessagesOntoTheSemanticTypes() {
        List<Published> messages = published();
        ClusterMessage toRoom = codec.decodeEnvelope(messages.get(1).bytes()).orElseThrow();
        assertThat(messages.get(1).channel()).isEqualTo("socket.io#/#room1#");
        BroadcastMessage broadcast = (BroadcastMessage) toRoom.body();
        assertThat(broadcast.uid()).isEqualTo("4fc7427241fd1509");
        assertThat(broadcast.packet().nsp()).isEqualTo("/");
        assertThat(broadcast.packet().data()).isEqualTo(List.of("ev", "to-room1"));
        assertThat(broadcast.opts().rooms()).containsExactly(Room.of("room1"));

        BroadcastMessage binary = (BroadcastMessage) codec.decodeEnvelope(messages.get(3).bytes()).orElseThrow()
                .body();
        List<?> data = (List<?>) binary.packet().data();
        assertThat((byte[]) data.get(1)).containsExactly(1, 2, 3);
        assertThat((byte[]) ((Map<?, ?>) data.get(2)).get("nested")).containsExactly('h', 'i');

        List<Object> bodies = messages.stream().map(m -> codec.decodeEnvelope(m.bytes()).orElseThrow().body())
                .map(body -> (Object) body.getClass().getSimpleName()).toList();
        assertThat(bodies).contains("BroadcastWithAck", "BroadcastClientCount", "BroadcastAck", "FetchSockets",
                "RemoteJoin", "RemoteLeave", "RemoteDisconnect", "ServerSideEmit");
    }

    @Test
    void shouldWriteJsonUnlessTheDataHoldsBinaryAndNodeShouldReadWhatWeWrite() {
        Packet plain = new Packet(PacketType.EVENT, "/", List.of("ev", "é", 1.5, Map.of("a", true)), null);
        Packet withBinary = new Packet(PacketType.EVENT, "/", List.of("bin", new byte[] {1, 2, 3}), null);
        WireOptions all = new WireOptions(List.of(), List.of(), WireFlags.NONE);
        byte[] json = codec.encodeShardedPayload(new ClusterMessage("abc", "/", new BroadcastMessage("abc", plain, all)));
        byte[] msgpack = codec.encodeShardedPayload(new ClusterMessage("abc", "/",
                new BroadcastMessage("abc", withBinary, all)));
        // a join carries no binary type: JSON even for the types that cannot hold binary
        byte[] join = codec.encodeShardedPayload(new ClusterMessage("abc", "/",
                new Request.RemoteJoin("abc", all, List.of(Room.of("r")))));

        assertThat(json[0]).isEqualTo((byte) '{');
        assertThat(msgpack[0]).isEqualTo((byte) 0x84); // fixmap of 4: type, data, uid, nsp
        assertThat(new String(join, StandardCharsets.UTF_8)).isEqualTo("{\"type\":4,\"data\":{\"opts\":{\"rooms\":[],"
                + "\"except\":[],\"flags\":{}},\"rooms\":[\"r\"]},\"uid\":\"abc\",\"nsp\":\"/\"}");

        List<Object> inNode = NodeDecoder.decode(List.of(json, msgpack));
        assertThat(inNode.get(0)).isEqualTo(Plain.of(GoldenVectors.readObject("{\"type\":3,\"data\":{\"packet\":"
                + "{\"type\":2,\"data\":[\"ev\",\"é\",1.5,{\"a\":true}]},\"opts\":{\"rooms\":[],\"except\":[],"
                + "\"flags\":{}}},\"uid\":\"abc\",\"nsp\":\"/\"}")));
        assertThat(inNode.get(1).toString()).contains("bin", "010203");
        assertThat(codec.decodeEnvelope(msgpack).orElseThrow().body()).isInstanceOf(BroadcastMessage.class);
    }

    @Test
    void shouldRejectGarbageAsMalformed() {
        for (byte[] garbage : List.of("{not json".getBytes(), new byte[] {(byte) 0x93, (byte) 0xc1, 0x00},
                "{\"type\":3,\"data\":7,\"uid\":\"x\",\"nsp\":\"/\"}".getBytes(), new byte[0])) {
            assertThatThrownBy(() -> codec.decodeEnvelope(garbage)).isInstanceOf(MalformedMessageException.class);
        }
    }

    private static List<String> lines(String resource) {
        try (InputStream in = ShardedPayloadCodecTests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

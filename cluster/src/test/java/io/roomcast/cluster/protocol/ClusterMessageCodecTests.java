package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.socketio.adapter.SavedSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streams adapter's two forms against what Node 0.3.1 put on the wire ({@code wire/streams}): every captured
 * message decodes, and encoding what it decoded to gives back the captured bytes (pub/sub) or fields (XADD).
 */
class ClusterMessageCodecTests {

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final ClusterMessageCodec codec = new ClusterMessageCodec();

    record Published(String channel, byte[] bytes) {
    }

    static List<Published> published() {
        List<Published> messages = new ArrayList<>();
        for (String line : lines("/wire/streams/psub.jsonl")) {
            JsonNode node = tree(line);
            if (!node.get("channel").asText().equals("zz-marker")) {
                messages.add(new Published(node.get("channel").asText(),
                        HexFormat.of().parseHex(node.get("hex").asText())));
            }
        }
        return messages;
    }

    /** The field/value pairs of every captured {@code XADD}, in order. */
    static List<Map<String, String>> appended() {
        List<Map<String, String>> entries = new ArrayList<>();
        for (String line : lines("/wire/streams/decoded-monitor.txt")) {
            if (!line.startsWith("\"XADD\"")) {
                continue;
            }
            List<String> args = new ArrayList<>();
            Matcher m = QUOTED.matcher(line);
            while (m.find()) {
                args.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            int star = args.indexOf("*");
            assertThat(args.subList(0, star)).containsExactly("XADD", "socket.io", "MAXLEN", "~", "10000");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = star + 1; i + 1 < args.size(); i += 2) {
                fields.put(args.get(i), args.get(i + 1));
            }
            entries.add(fields);
        }
        return entries;
    }

    @Test
    void shouldDecodeEveryCapturedPubSubMessageAndEncodeItBackToTheSameBytes() {
        List<Published> messages = published();
        assertThat(messages).hasSizeGreaterThanOrEqualTo(12);
        for (Published message : messages) {
            ClusterMessage decoded = codec.decodeEnvelope(message.bytes()).orElseThrow();
            assertThat(message.channel()).startsWith("socket.io#" + decoded.nsp() + "#");
            assertThat(HexFormat.of().formatHex(codec.encodeEnvelope(decoded)))
                    .as("%s on %s", decoded.type(), message.channel())
                    .isEqualTo(HexFormat.of().formatHex(message.bytes()));
        }
    }

    @Test
    void shouldDecodeEveryCapturedStreamEntryAndEncodeItBackToTheSameFields() {
        List<Map<String, String>> entries = appended();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(10);
        for (Map<String, String> fields : entries) {
            ClusterMessage decoded = codec.decodeEntry(fields).orElseThrow();
            assertThat(codec.encodeEntry(decoded, false)).containsExactlyEntriesOf(fields);
        }
    }

    @Test
    void shouldMapCapturedMessagesOntoTheSemanticTypes() {
        List<Map<String, String>> entries = appended();
        BroadcastMessage all = (BroadcastMessage) codec.decodeEntry(entries.get(0)).orElseThrow().body();
        assertThat(all.uid()).isEqualTo("581e75cda68016e3");
        assertThat(all.packet().nsp()).isEqualTo("/");
        assertThat(all.packet().data()).isEqualTo(List.of("ev", "hello", 1, Map.of("a", true)));
        assertThat(all.opts().rooms()).isEmpty();

        BroadcastMessage multi = (BroadcastMessage) codec.decodeEntry(entries.get(2)).orElseThrow().body();
        assertThat(multi.opts().rooms()).containsExactly(Room.of("room1"), Room.of("room3"));
        assertThat(multi.opts().except()).containsExactly(Room.of("room2"));

        BroadcastMessage binary = (BroadcastMessage) codec.decodeEntry(entries.get(3)).orElseThrow().body();
        List<?> data = (List<?>) binary.packet().data();
        assertThat(data.get(1)).isEqualTo(new byte[] {1, 2, 3});
        assertThat(((Map<?, ?>) data.get(2)).get("nested")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));

        BroadcastMessage vol = (BroadcastMessage) codec.decodeEntry(entries.get(5)).orElseThrow().body();
        assertThat(vol.opts().flags().volatile_()).isTrue();

        List<Object> bodies = entries.stream().map(e -> codec.decodeEntry(e).orElseThrow().body()).toList();
        assertThat(bodies).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(Request.RemoteJoin.class,
                join -> assertThat(join.rooms()).containsExactly(Room.of("room9"))));
        assertThat(bodies).anySatisfy(b -> assertThat(b).isInstanceOf(Request.RemoteLeave.class));
        assertThat(bodies).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(Request.RemoteDisconnect.class,
                disconnect -> assertThat(disconnect.close()).isFalse()));
        assertThat(codec.decodeEntry(entries.stream().filter(e -> e.get("nsp").equals("/admin")).findFirst()
                .orElseThrow()).orElseThrow().nsp()).isEqualTo("/admin");

        List<Object> published = published().stream()
                .map(p -> codec.decodeEnvelope(p.bytes()).orElseThrow().body()).toList();
        assertThat(published.get(0)).isInstanceOfSatisfying(Request.BroadcastWithAck.class, ack -> {
            assertThat(ack.requestId()).isEqualTo("7ec7cbc7997fd287");
            assertThat(ack.opts().flags().timeout()).isEqualTo(2000L);
        });
        assertThat(published.get(1)).isEqualTo(new Response.BroadcastClientCount("7ec7cbc7997fd287", 1));
        assertThat(published.get(2)).isEqualTo(new Response.BroadcastAck("7ec7cbc7997fd287", "b1:ok"));
        assertThat(published).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(Request.FetchSockets.class,
                fetch -> assertThat(fetch.opts().rooms()).containsExactly(Room.of("room1"))));
        assertThat(published).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(Response.FetchSockets.class,
                fetched -> assertThat(fetched.sockets()).singleElement()
                        .satisfies(s -> assertThat(s.rooms()).contains(Room.of("room1"), Room.of("room3")))));
        assertThat(published).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(Request.ServerSideEmit.class,
                emit -> assertThat(emit.requestId()).isNull()));
        assertThat(published).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(Response.ServerSideEmit.class,
                answer -> assertThat(answer.data()).isEqualTo(Map.of("from", "B", "got", List.of("y")))));
    }

    @Test
    void shouldWriteBinaryAsBase64MessagePackUnlessOnlyPlaintext() {
        Map<String, String> captured = appended().get(3);
        ClusterMessage message = codec.decodeEntry(captured).orElseThrow();

        assertThat(codec.encodeEntry(message, false).get("data")).isEqualTo(captured.get("data"));
        String plain = codec.encodeEntry(message, true).get("data");
        assertThat(plain).startsWith("{\"packet\":{\"type\":2,\"data\":[\"bin\",{\"type\":\"Buffer\",\"data\":[1,2,3]}");
    }

    @Test
    void shouldIgnoreHeartbeatTypesOfTheOlderVersion() {
        assertThat(codec.decodeEntry(Map.of("uid", "8731badbfb30d462", "nsp", "/", "type", "1"))).isEmpty();
        assertThat(codec.decodeEntry(Map.of("uid", "8731badbfb30d462", "nsp", "/", "type", "13"))).isEmpty();
        assertThat(codec.decodeEntry(Map.of("uid", "x", "nsp", "/", "type", "99", "data", "{}"))).isEmpty();
    }

    @Test
    void shouldRejectMalformedEntriesAndPayloads() {
        List<Map<String, String>> bad = List.of(
                Map.of("nsp", "/", "type", "3", "data", "{}"),
                Map.of("uid", "u", "type", "3", "data", "{}"),
                Map.of("uid", "u", "nsp", "/", "type", "three", "data", "{}"),
                Map.of("uid", "u", "nsp", "/", "type", "3", "data", "{not json"),
                Map.of("uid", "u", "nsp", "/", "type", "3", "data", "***"),
                Map.of("uid", "u", "nsp", "/", "type", "3", "data", "{\"packet\":7,\"opts\":{}}"),
                Map.of("uid", "u", "nsp", "/", "type", "3"),
                Map.of("uid", "u", "nsp", "/", "type", "4", "data", "{\"opts\":{\"rooms\":[true]},\"rooms\":[]}"),
                Map.of("uid", "u", "nsp", "chat", "type", "4", "data", "{\"opts\":{},\"rooms\":[]}"),
                // a map32 header claiming 4 billion entries, in base64
                Map.of("uid", "u", "nsp", "/", "type", "3",
                        "data", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xdf, -1, -1, -1, -1})));
        for (Map<String, String> fields : bad) {
            assertThatThrownBy(() -> codec.decodeEntry(fields)).as("%s", fields)
                    .isInstanceOf(MalformedMessageException.class);
        }
        for (byte[] payload : List.of(new byte[0], new byte[] {(byte) 0xc1}, new byte[] {(byte) 0xdb, 0x7f, -1, -1, -1},
                "{\"type\":3}".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0x93, 1, 2, 3})) {
            assertThatThrownBy(() -> codec.decodeEnvelope(payload)).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void shouldEncodeASessionExactlyAsNodeDid() {
        // protocol §6.8: 84 a3"sid" b4"voG4q2X6yUN0kBZoAAAA" a3"pid" b4"liLPcgglchK3e8wzAAAB" a5"rooms" 92[...] a4"data" 80
        String sid = "voG4q2X6yUN0kBZoAAAA";
        String pid = "liLPcgglchK3e8wzAAAB";
        String expected = "84" + "a3" + hex("sid") + "b4" + hex(sid) + "a3" + hex("pid") + "b4" + hex(pid)
                + "a5" + hex("rooms") + "92" + "b4" + hex(sid) + "a5" + hex("room1") + "a4" + hex("data") + "80";
        SessionCodec sessions = new SessionCodec();

        String encoded = sessions.encode(new SavedSession(sid, pid, Set.of("room1", sid), null));

        assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode(encoded))).isEqualTo(expected);
        assertThat(encoded).startsWith("hKNzaWS0dm9H").endsWith("gA==");
        SavedSession decoded = sessions.decode(encoded);
        assertThat(decoded.sid()).isEqualTo(sid);
        assertThat(decoded.rooms()).containsExactlyInAnyOrder(sid, "room1");
        assertThat(decoded.data()).isEqualTo(Map.of());
        assertThatThrownBy(() -> sessions.decode("not base64!")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> sessions.decode(Base64.getEncoder().encodeToString(new byte[] {(byte) 0x91, 1})))
                .isInstanceOf(MalformedMessageException.class);
    }

    private static JsonNode tree(String json) {
        try {
            return GoldenVectors.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(String resource) {
        try (InputStream in = ClusterMessageCodecTests.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

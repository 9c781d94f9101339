package io.roomcast.socketio.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketEncoderTests {

    private final PacketEncoder encoder = new PacketEncoder();

    private String text(Packet packet) {
        EncodedPacket encoded = encoder.encode(packet);
        assertThat(encoded.attachments()).isEmpty();
        return encoded.text();
    }

    @Test
    void shouldEncodeEventOnMainNamespace() {
        assertThat(text(new Packet(PacketType.EVENT, "/", List.of("ev", 1), null))).isEqualTo("2[\"ev\",1]");
    }

    @Test
    void shouldEncodeEventOnCustomNamespace() {
        assertThat(text(new Packet(PacketType.EVENT, "/nsp", List.of("ev"), null))).isEqualTo("2/nsp,[\"ev\"]");
    }

    @Test
    void shouldEncodeAckIdAfterNamespace() {
        assertThat(text(new Packet(PacketType.EVENT, "/", List.of("ev"), 12L))).isEqualTo("212[\"ev\"]");
        assertThat(text(new Packet(PacketType.ACK, "/nsp", List.of("ok", 2), 12L))).isEqualTo("3/nsp,12[\"ok\",2]");
    }

    @Test
    void shouldEncodeConnectPackets() {
        assertThat(text(new Packet(PacketType.CONNECT, "/", null, null))).isEqualTo("0");
        assertThat(text(new Packet(PacketType.CONNECT, "/nsp", Map.of("sid", "abc"), null)))
                .isEqualTo("0/nsp,{\"sid\":\"abc\"}");
    }

    @Test
    void shouldEncodeConnectErrorAndDisconnect() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "not authorized");
        error.put("data", Map.of("code", 401));
        assertThat(text(new Packet(PacketType.CONNECT_ERROR, "/nsp", error, null)))
                .isEqualTo("4/nsp,{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        assertThat(text(new Packet(PacketType.DISCONNECT, "/nsp", null, null))).isEqualTo("1/nsp,");
        assertThat(text(new Packet(PacketType.DISCONNECT, "/", null, null))).isEqualTo("1");
    }

    @Test
    void shouldSerialiseRecordsAndKeepNullsAsJsonStringifyDoes() {
        record Point(int x, String label) { }
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        assertThat(text(new Packet(PacketType.EVENT, "/", List.of("p", new Point(3, "é"), withNull), null)))
                .isEqualTo("2[\"p\",{\"x\":3,\"label\":\"é\"},{\"a\":null}]");
    }

    @Test
    void shouldTurnNonFiniteNumbersIntoNullAsJsonStringifyDoes() {
        assertThat(text(new Packet(PacketType.EVENT, "/", List.of("n", Double.NaN, Double.POSITIVE_INFINITY), null)))
                .isEqualTo("2[\"n\",null,null]");
    }

    @Test
    void shouldSendNestedBinaryAsPlaceholdersAndAttachmentsInDocumentOrder() {
        byte[] first = {1, 2, 3};
        byte[] second = "hi".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("name", "file");
        nested.put("parts", List.of(first, Map.of("deep", second)));

        EncodedPacket encoded = encoder.encode(new Packet(PacketType.EVENT, "/", List.of("upload", nested), null));

        assertThat(encoded.text()).isEqualTo("52-[\"upload\",{\"name\":\"file\",\"parts\":["
                + "{\"_placeholder\":true,\"num\":0},{\"deep\":{\"_placeholder\":true,\"num\":1}}]}]");
        assertThat(encoded.attachments()).containsExactly(first, second);
    }

    @Test
    void shouldSendBinaryAckWithNamespaceAndId() {
        EncodedPacket encoded = encoder.encode(new Packet(PacketType.ACK, "/nsp", List.of(new byte[]{9}), 7L));
        assertThat(encoded.text()).isEqualTo("61-/nsp,7[{\"_placeholder\":true,\"num\":0}]");
        assertThat(encoded.attachments()).hasSize(1);
        assertThat(encoded.attachments().get(0)).containsExactly(9);
    }

    @Test
    void shouldRefuseBinaryOutsideEventsAndAcks() {
        assertThatThrownBy(() -> encoder.encode(new Packet(PacketType.CONNECT, "/", Map.of("b", new byte[1]), null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

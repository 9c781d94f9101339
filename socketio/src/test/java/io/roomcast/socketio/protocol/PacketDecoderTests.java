package io.roomcast.socketio.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketDecoderTests {

    private final PacketDecoder decoder = new PacketDecoder();

    @Test
    void shouldDecodeEventOnMainNamespace() {
        assertThat(decoder.add("2[\"ev\",1]")).isEqualTo(new Packet(PacketType.EVENT, "/", List.of("ev", 1), null));
    }

    @Test
    void shouldDecodeEventWithNamespaceAndAckId() {
        assertThat(decoder.add("2/nsp,[\"ev\"]")).isEqualTo(new Packet(PacketType.EVENT, "/nsp", List.of("ev"), null));
        assertThat(decoder.add("212[\"ev\"]")).isEqualTo(new Packet(PacketType.EVENT, "/", List.of("ev"), 12L));
        assertThat(decoder.add("3/nsp,12[\"a\",true]"))
                .isEqualTo(new Packet(PacketType.ACK, "/nsp", List.of("a", true), 12L));
    }

    @Test
    void shouldDecodeConnectWithAndWithoutAuth() {
        assertThat(decoder.add("0")).isEqualTo(new Packet(PacketType.CONNECT, "/", null, null));
        assertThat(decoder.add("0/nsp,{\"token\":1}"))
                .isEqualTo(new Packet(PacketType.CONNECT, "/nsp", Map.of("token", 1), null));
        assertThat(decoder.add("0/nsp,")).isEqualTo(new Packet(PacketType.CONNECT, "/nsp", null, null));
    }

    @Test
    void shouldDecodeDisconnectAndConnectError() {
        assertThat(decoder.add("1/nsp,")).isEqualTo(new Packet(PacketType.DISCONNECT, "/nsp", null, null));
        assertThat(decoder.add("1")).isEqualTo(new Packet(PacketType.DISCONNECT, "/", null, null));
        assertThat(decoder.add("4/nsp,{\"message\":\"no\"}"))
                .isEqualTo(new Packet(PacketType.CONNECT_ERROR, "/nsp", Map.of("message", "no"), null));
    }

    @Test
    void shouldMapJsonToPlainJavaValues() {
        Packet packet = decoder.add("2[\"v\",{\"b\":2,\"a\":[1.5,null,false]},12345678901,123456789012345678901234]");
        List<?> data = (List<?>) packet.data();
        assertThat(data.get(1)).isInstanceOf(LinkedHashMap.class);
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) data.get(1)).keySet())).containsExactly("b", "a");
        assertThat(((Map<?, ?>) data.get(1)).get("a")).isEqualTo(java.util.Arrays.asList(1.5, null, false));
        assertThat(data.get(2)).isEqualTo(12345678901L);
        assertThat(data.get(3)).isEqualTo(new BigInteger("123456789012345678901234"));
    }

    @Test
    void shouldReassembleBinaryEventFromAttachments() {
        assertThat(decoder.add("52-[\"up\",{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]"))
                .isNull();
        assertThat(decoder.isReconstructing()).isTrue();
        assertThat(decoder.add(new byte[]{0})).isNull();
        Packet packet = decoder.add(new byte[]{1, 1});

        assertThat(packet.type()).isEqualTo(PacketType.EVENT);
        List<?> data = (List<?>) packet.data();
        assertThat(data.get(0)).isEqualTo("up");
        assertThat((byte[]) data.get(1)).containsExactly(1, 1);
        assertThat((byte[]) ((List<?>) data.get(2)).get(0)).containsExactly(0);
        assertThat(decoder.isReconstructing()).isFalse();
    }

    @Test
    void shouldReassembleBinaryAckWithNamespaceAndId() {
        assertThat(decoder.add("61-/nsp,4[{\"_placeholder\":true,\"num\":0}]")).isNull();
        Packet packet = decoder.add(new byte[]{7});
        assertThat(packet.type()).isEqualTo(PacketType.ACK);
        assertThat(packet.nsp()).isEqualTo("/nsp");
        assertThat(packet.id()).isEqualTo(4L);
        assertThat((byte[]) ((List<?>) packet.data()).get(0)).containsExactly(7);
    }

    @Test
    void shouldRoundTripEncoderOutput() {
        PacketEncoder encoder = new PacketEncoder();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("blob", new byte[]{5, 6});
        payload.put("list", List.of("x", new byte[]{7}));
        EncodedPacket encoded = encoder.encode(new Packet(PacketType.EVENT, "/chat", List.of("e", payload), 3L));

        Packet decoded = decoder.add(encoded.text());
        for (byte[] attachment : encoded.attachments()) {
            decoded = decoder.add(attachment);
        }

        assertThat(decoded.nsp()).isEqualTo("/chat");
        assertThat(decoded.id()).isEqualTo(3L);
        Map<?, ?> map = (Map<?, ?>) ((List<?>) decoded.data()).get(1);
        assertThat((byte[]) map.get("blob")).containsExactly(5, 6);
        assertThat((byte[]) ((List<?>) map.get("list")).get(1)).containsExactly(7);
    }

    @Test
    void shouldDecodeBinaryPacketWithZeroAttachmentsAtOnce() {
        assertThat(decoder.add("50-[\"ev\"]")).isEqualTo(new Packet(PacketType.EVENT, "/", List.of("ev"), null));
        assertThat(decoder.add("2[\"next\"]")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                              // no type
            "7[\"ev\"]",                     // unknown type
            "x",                             // not a digit
            "2[\"ev\"",                      // bad JSON
            "2[\"ev\"]garbage",              // trailing data
            "2{\"ev\":1}",                   // event payload not an array
            "2[]",                           // event without name
            "2[{}]",                         // event name not a string or number
            "2[\"disconnect\"]",             // reserved event name
            "3{}",                           // ack payload not an array
            "0[1]",                          // connect auth not an object
            "0\"token\"",                    // connect auth not an object
            "1/nsp,{}",                      // disconnect with payload
            "5[\"ev\"]",                     // binary without attachment count
            "5a-[\"ev\"]",                   // bad attachment count
            "511-[\"ev\"]",                  // more than maxAttachments
            "299999999999999999999[\"ev\"]"  // ack id overflow
    })
    void shouldRejectMalformedPackets(String text) {
        assertThatThrownBy(() -> decoder.add(text)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void shouldRejectPlaceholderOutsideTheAttachments() {
        decoder.add("51-[\"ev\",{\"_placeholder\":true,\"num\":1}]");
        assertThatThrownBy(() -> decoder.add(new byte[]{1}))
                .isInstanceOf(MalformedPacketException.class).hasMessage("illegal attachments");
    }

    @Test
    void shouldRejectTextWhileAttachmentsAreMissing() {
        decoder.add("52-[\"ev\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        decoder.add(new byte[]{1});
        assertThatThrownBy(() -> decoder.add("2[\"ev\"]")).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void shouldRejectBinaryWithoutBinaryPacket() {
        assertThatThrownBy(() -> decoder.add(new byte[]{1})).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void shouldAcceptEventWithoutPayloadAsNodeDoes() {
        assertThat(decoder.add("2")).isEqualTo(new Packet(PacketType.EVENT, "/", null, null));
        assertThat(decoder.add("2/nsp,")).isEqualTo(new Packet(PacketType.EVENT, "/nsp", null, null));
        assertThat(decoder.add("2/nsp")).isEqualTo(new Packet(PacketType.EVENT, "/nsp", null, null));
        assertThat(decoder.add("35")).isEqualTo(new Packet(PacketType.ACK, "/", null, 5L));
    }

    @Test
    void shouldAcceptNumericEventNamesAsNodeDoes() {
        assertThat(decoder.add("2[42,\"x\"]").data()).isEqualTo(List.of(42, "x"));
    }
}

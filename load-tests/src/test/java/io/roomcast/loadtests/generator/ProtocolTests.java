package io.roomcast.loadtests.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.roomcast.loadtests.generator.Protocol.Inbound;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolTests {

    private static ByteBuf frame(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldClassifyEngineAndSocketIoFramesAsTheServerSendsThem() {
        Protocol socketio = Protocol.SOCKETIO;
        assertThat(socketio.classify(frame("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000}")))
                .isEqualTo(Inbound.OPEN);
        assertThat(socketio.classify(frame("2"))).isEqualTo(Inbound.PING);
        assertThat(socketio.classify(frame("40{\"sid\":\"xyz\"}"))).isEqualTo(Inbound.CONNECTED);
        assertThat(socketio.classify(frame("44{\"message\":\"unauthorized\"}"))).isEqualTo(Inbound.CONNECT_ERROR);
        assertThat(socketio.classify(frame("430[{\"ok\":true,\"room\":\"room-1\",\"size\":3}]")))
                .isEqualTo(Inbound.ACK_OK);
        assertThat(socketio.classify(frame("4312[{\"error\":{\"code\":\"not_joined\",\"message\":\"join the room first\"}}]")))
                .isEqualTo(Inbound.ACK_ERROR);
        assertThat(socketio.classify(frame("42[\"welcome\",{\"id\":\"a\",\"from\":\"a\"}]"))).isEqualTo(Inbound.OTHER);
        assertThat(socketio.classify(frame("42[\"message\",{\"id\":\"u\",\"room\":\"r\",\"text\":\"123\"}]")))
                .isEqualTo(Inbound.MESSAGE);
        assertThat(socketio.classify(frame("1"))).isEqualTo(Inbound.CLOSE);
        assertThat(socketio.classify(frame(""))).isEqualTo(Inbound.OTHER);
    }

    @Test
    void shouldReadTheStampFromTheTextFieldWhereverTheServerPutsIt() {
        String nodeOrder = "42[\"message\",{\"id\":\"9f\",\"room\":\"room-1\",\"text\":\"987654321-xxxx\",\"from\":\"u\",\"ts\":1}]";
        String otherOrder = "42[\"message\",{\"ts\":1,\"text\":\"42\",\"room\":\"room-1\"}]";
        assertThat(Protocol.SOCKETIO.stamp(frame(nodeOrder))).isEqualTo(987654321L);
        assertThat(Protocol.SOCKETIO.stamp(frame(otherOrder))).isEqualTo(42L);
        assertThat(Protocol.SOCKETIO.stamp(frame("42[\"message\",{\"room\":\"r\"}]"))).isEqualTo(-1L);
    }

    @Test
    void shouldFrameJoinAndMessageAsSocketIoEventsWithAckIds() {
        assertThat(Protocol.SOCKETIO.join("room-7", 0)).isEqualTo("420[\"join\",\"room-7\"]");
        assertThat(Protocol.SOCKETIO.publish("room-7", "123", 5))
                .isEqualTo("425[\"message\",{\"room\":\"room-7\",\"text\":\"123\"}]");
        assertThat(Protocol.SOCKETIO.connectRequest()).isEqualTo("40");
        assertThat(Protocol.SOCKETIO.pong()).isEqualTo("3");
        assertThat(Protocol.SOCKETIO.path()).isEqualTo("/socket.io/?EIO=4&transport=websocket");
        assertThat(Protocol.SOCKETIO.readyOnHandshake()).isFalse();
    }

    @Test
    void shouldSpeakPlainTextFramesToTheRawServer() {
        Protocol raw = Protocol.RAW;
        assertThat(raw.join("room-1", 3)).isEqualTo("J room-1");
        assertThat(raw.publish("room-1", "55", 3)).isEqualTo("M room-1 55");
        assertThat(raw.classify(frame("55"))).isEqualTo(Inbound.MESSAGE);
        assertThat(raw.stamp(frame("55-xx"))).isEqualTo(55L);
        assertThat(raw.classify(frame("A"))).isEqualTo(Inbound.ACK_OK);
        assertThat(raw.classify(frame("E not_joined"))).isEqualTo(Inbound.ACK_ERROR);
        assertThat(raw.readyOnHandshake()).isTrue();
    }
}

package io.roomcast.cluster.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelNamesTests {

    private final ChannelNames root = new ChannelNames(ChannelNames.DEFAULT_KEY, "/");

    @Test
    void shouldNameTheChannelsAsNodesAdapterDoes() {
        // the channels of the captures (shared/wire-captures/classic and classic_specific)
        assertThat(root.broadcast()).isEqualTo("socket.io#/#");
        assertThat(root.room("room1")).isEqualTo("socket.io#/#room1#");
        assertThat(root.broadcastPattern()).isEqualTo("socket.io#/#*");
        assertThat(root.request()).isEqualTo("socket.io-request#/#");
        assertThat(root.response()).isEqualTo("socket.io-response#/#");
        assertThat(root.response("NcVHMx")).isEqualTo("socket.io-response#/#NcVHMx#");
        assertThat(new ChannelNames("socket.io", "/admin").broadcast()).isEqualTo("socket.io#/admin#");
    }

    @Test
    void shouldEscapeGlobCharactersInThePattern() {
        assertThat(new ChannelNames("app[1]", "/a*b?").broadcastPattern()).isEqualTo("app\\[1\\]#/a\\*b\\?#*");
    }

    @Test
    void shouldFindTheTargetRoomOfABroadcastChannel() {
        assertThat(root.roomOf("socket.io#/#")).contains("");
        assertThat(root.roomOf("socket.io#/#room1#")).contains("room1");
        assertThat(root.roomOf("socket.io#/#p8sO9MNZGlAlEOseAAAA#")).contains("p8sO9MNZGlAlEOseAAAA");
        assertThat(root.roomOf("socket.io#/admin#")).isEmpty();
        assertThat(root.roomOf("socket.io-request#/#")).isEmpty();
    }

    @Test
    void shouldRejectInvalidNames() {
        assertThatThrownBy(() -> new ChannelNames("", "/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelNames("k", "admin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldUseTheWireCodesOfNodesRequestTypeEnum() {
        assertThat(Arrays.stream(RequestType.values()).mapToInt(RequestType::code)).containsExactly(
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(RequestType.values()).extracting(Enum::name).containsExactly("SOCKETS", "ALL_ROOMS",
                "REMOTE_JOIN", "REMOTE_LEAVE", "REMOTE_DISCONNECT", "REMOTE_FETCH", "SERVER_SIDE_EMIT", "BROADCAST",
                "BROADCAST_CLIENT_COUNT", "BROADCAST_ACK");
        assertThat(RequestType.fromCode(7)).isEqualTo(RequestType.BROADCAST);
        assertThat(RequestType.fromCode(10)).isNull();
    }

    @Test
    void shouldNameNumericRoomsAsJavaScriptDoes() {
        assertThat(Room.ofNumber(123).name()).isEqualTo("123");
        assertThat(Room.ofNumber(-0.0).name()).isEqualTo("0");
        assertThat(Room.ofNumber(1.5).name()).isEqualTo("1.5");
        assertThat(Room.ofNumber(1e21).name()).isEqualTo("1e+21");
        assertThat(Room.ofNumber(123456789012345680000d).name()).isEqualTo("123456789012345680000");
        assertThat(Room.ofNumber(0.000001).name()).isEqualTo("0.000001");
        assertThat(Room.ofNumber(1.5e-7).name()).isEqualTo("1.5e-7");
        assertThat(Room.ofNumber(123).wireValue()).isEqualTo(123L);
        assertThat(Room.ofNumber(0.5).wireValue()).isEqualTo(0.5);
        assertThat(Room.of("123").wireValue()).isEqualTo("123");
        assertThatThrownBy(() -> new Room("0123", true)).isInstanceOf(IllegalArgumentException.class);
    }
}

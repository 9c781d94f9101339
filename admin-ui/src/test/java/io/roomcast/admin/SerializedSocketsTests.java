package io.roomcast.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.RemoteSocket;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A socket of another node (Java or Node.js) as fetchSockets hands it over, serialized as Node's serialize(). */
class SerializedSocketsTests {

    private static final Handshake HANDSHAKE = new Handshake(Map.of("token", "secret"),
            Map.of("x-forwarded-for", List.of("203.0.113.7"), "origin", List.of("https://app.example"),
                    "accept", List.of("a", "b")),
            Map.of("EIO", List.of("4"), "transport", List.of("websocket")), "10.0.0.2",
            "/socket.io/?EIO=4&transport=websocket", 1_700_000_000_000L, true,
            "Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)");

    @Test
    void shouldTakeClientIdAndTransportFromTheAdminDataAndLeaveItOutOfData() {
        RemoteSocket remote = new Remote("sid-1", Map.of("_admin", Map.of("clientId", "abcdefghijkl",
                "transport", "polling"), "user", "ada"));

        Map<String, Object> out = new SerializedSockets(new ObjectMapper()).serialize(remote, "/chat");

        assertThat(out).containsEntry("id", "sid-1").containsEntry("clientId", "abcdefghijkl")
                .containsEntry("transport", "polling").containsEntry("nsp", "/chat")
                .containsEntry("data", Map.of("user", "ada"))
                .containsEntry("rooms", List.of("sid-1", "lobby"));
        @SuppressWarnings("unchecked")
        Map<String, Object> handshake = (Map<String, Object>) out.get("handshake");
        assertThat(handshake).containsEntry("address", "203.0.113.7").containsEntry("secure", true)
                .containsEntry("xdomain", true).containsEntry("issued", 1_700_000_000_000L)
                .doesNotContainKey("auth");
        assertThat(handshake.get("headers")).isEqualTo(Map.of("x-forwarded-for", "203.0.113.7",
                "origin", "https://app.example", "accept", "a, b"));
        assertThat(handshake.get("query")).isEqualTo(Map.of("EIO", "4", "transport", "websocket"));
    }

    @Test
    void shouldShowASocketWithoutAdminDataAsNodeDoes() {
        Map<String, Object> out = new SerializedSockets(new ObjectMapper()).serialize(new Remote("sid-2", null), "/");

        assertThat(out).containsEntry("clientId", null).containsEntry("transport", null)
                .containsEntry("data", Map.of());
    }

    private record Remote(String id, Object data) implements RemoteSocket {

        @Override
        public Handshake handshake() {
            return HANDSHAKE;
        }

        @Override
        public Set<String> rooms() {
            return new LinkedHashSet<>(List.of(id, "lobby"));
        }

        @Override
        public <T> T data(Class<T> type) {
            return type.cast(data);
        }

        @Override
        public void emit(String event, Object... args) {
        }

        @Override
        public void join(String... rooms) {
        }

        @Override
        public void leave(String... rooms) {
        }

        @Override
        public void disconnect(boolean close) {
        }
    }
}

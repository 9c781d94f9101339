package io.roomcast.examples.chat;

import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;
import io.roomcast.spring.OnConnect;
import io.roomcast.spring.OnEvent;
import io.roomcast.spring.RoomcastController;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Map;

/**
 * The chat's Socket.IO side. A client connects with {@code auth: {token}} (a JWT whose {@code sub} is the user),
 * gets {@code welcome {user}}, emits {@code join {room}} (ack {@code {room, user}}; the room's others get
 * {@code joined {room, user}}) and {@code message {room, text}} (ack {@code {ok: true}}, or an error ack when not in
 * the room); everyone in the room, on every instance, gets {@code message {room, from, text}}.
 */
@RoomcastController
class ChatController {

    record Join(@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+") String room) {
    }

    record Joined(String room, String user) {
    }

    record Say(@NotBlank String room, @NotBlank @Size(max = 2000) String text) {
    }

    /** What every member of a room receives, whether the message came from a socket or from REST. */
    record Message(String room, String from, String text) {
    }

    private final RoomcastServer io;

    ChatController(RoomcastServer io) {
        this.io = io;
    }

    @OnConnect
    void welcome(Socket socket, JwtAuthenticationToken user) {
        socket.emit("welcome", Map.of("user", user.getName()));
    }

    @OnEvent("join")
    Joined join(Socket socket, @Valid Join join, JwtAuthenticationToken user) {
        socket.join(join.room());
        Joined joined = new Joined(join.room(), user.getName());
        socket.to(join.room()).emit("joined", joined);
        return joined;
    }

    @OnEvent("message")
    Map<String, Object> message(Socket socket, @Valid Say say, JwtAuthenticationToken user) {
        if (!socket.rooms().contains(say.room())) {
            return Map.of("error", Map.of("code", "not_in_room", "message", "join " + say.room() + " first"));
        }
        io.to(say.room()).emit("message", new Message(say.room(), user.getName(), say.text()));
        return Map.of("ok", true);
    }
}

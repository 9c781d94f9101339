package io.roomcast.examples.chat;

import io.roomcast.socketio.RoomcastServer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rooms/{room}/messages {text}} with a bearer token: the room's members on every instance get
 * {@code message {room, from, text}}, as if the token's user had said it on a socket; answers 202.
 */
@RestController
class RoomMessages {

    record Post(@NotBlank @Size(max = 2000) String text) {
    }

    private final RoomcastServer io;

    RoomMessages(RoomcastServer io) {
        this.io = io;
    }

    @PostMapping("/rooms/{room}/messages")
    ResponseEntity<Void> post(@PathVariable String room, @Valid @RequestBody Post post,
                              @AuthenticationPrincipal Jwt user) {
        io.to(room).emit("message", new ChatController.Message(room, user.getSubject(), post.text()));
        return ResponseEntity.accepted().build();
    }
}

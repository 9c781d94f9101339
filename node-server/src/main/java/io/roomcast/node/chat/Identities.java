package io.roomcast.node.chat;

import io.roomcast.node.auth.AuthResult;
import io.roomcast.node.auth.JwtAuthenticator;
import io.roomcast.socketio.Next;
import io.roomcast.socketio.RoomAuthorizer;
import io.roomcast.socketio.Socket;

import java.util.Map;
import java.util.Optional;

/**
 * Decides who a connecting socket is (the {@code from} of its messages) and, when a JWT secret is configured,
 * refuses sockets without a valid token and limits the rooms they may join ({@link #roomAuthorizer()}). Runs as the
 * {@code /} namespace's middleware, so a refused client gets {@code connect_error} and nothing else from the
 * namespace.
 */
public final class Identities {

    static final int MAX_USER_LENGTH = 64;

    private final Optional<JwtAuthenticator> jwt;

    private Identities(Optional<JwtAuthenticator> jwt) {
        this.jwt = jwt;
    }

    /** Without a secret: {@code from} is {@code auth.user} when given, else the socket id. */
    public static Identities anonymous() {
        return new Identities(Optional.empty());
    }

    /** With a secret: {@code auth.token} must be a valid HS256 JWT; {@code from} is its {@code sub}. */
    public static Identities jwt(JwtAuthenticator authenticator) {
        return new Identities(Optional.of(authenticator));
    }

    void authenticate(Socket socket, Next next) {
        Map<String, Object> auth = socket.handshake().auth();
        if (jwt.isEmpty()) {
            socket.data(new ChatUser(userName(auth.get("user")).orElse(socket.id())));
            next.proceed();
            return;
        }
        AuthResult result = jwt.get().authenticate(auth);
        if (result instanceof AuthResult.Authenticated authenticated) {
            socket.data(new ChatUser(authenticated.subject(), authenticated.rooms()));
            next.proceed();
        } else if (result instanceof AuthResult.Rejected rejected) {
            next.reject("unauthorized", Map.of("reason", rejected.reason()));
        }
    }

    /**
     * Who may join which room: without JWT auth every room (as before); with it the token's {@link RoomPolicy}
     * (its own {@code user:<sub>:} rooms, and the rooms its {@code rooms} claim matches).
     */
    RoomAuthorizer roomAuthorizer() {
        if (jwt.isEmpty()) {
            return RoomAuthorizer.ALLOW_ALL;
        }
        return (socket, room) -> {
            ChatUser user = socket.data(ChatUser.class);
            return user != null && new RoomPolicy(user.from(), user.rooms()).allows(room); // no identity: no room
        };
    }

    /** The name this socket's messages carry. */
    static String from(Socket socket) {
        return socket.data(ChatUser.class).from();
    }

    private static Optional<String> userName(Object user) {
        if (!(user instanceof String name) || name.trim().isEmpty()) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        return Optional.of(trimmed.length() > MAX_USER_LENGTH ? trimmed.substring(0, MAX_USER_LENGTH) : trimmed);
    }
}

package io.roomcast.node.auth;

import java.util.List;

/** The outcome of checking a handshake token: the user it names, or why it was refused. */
public sealed interface AuthResult {

    /**
     * The token is valid; {@code subject} is its {@code sub} claim, the user's name in the chat, and {@code rooms}
     * its {@code rooms} claim (room patterns), or null when the token has none.
     */
    record Authenticated(String subject, List<String> rooms) implements AuthResult {
        public Authenticated {
            rooms = rooms == null ? null : List.copyOf(rooms);
        }

        /** A token without a {@code rooms} claim. */
        public Authenticated(String subject) {
            this(subject, null);
        }
    }

    /**
     * The token was refused. {@code reason} is {@link JwtAuthenticator#MISSING_TOKEN},
     * {@link JwtAuthenticator#INVALID_TOKEN}, {@link JwtAuthenticator#INVALID_SUBJECT} or
     * {@link JwtAuthenticator#INVALID_ROOMS}, sent to the client as {@code connect_error} data {@code {"reason":...}}.
     */
    record Rejected(String reason) implements AuthResult {
    }
}

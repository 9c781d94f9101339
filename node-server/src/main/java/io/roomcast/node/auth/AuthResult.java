package io.roomcast.node.auth;

/** The outcome of checking a handshake token: the user it names, or why it was refused. */
public sealed interface AuthResult {

    /** The token is valid; {@code subject} is its {@code sub} claim, the user's name in the chat. */
    record Authenticated(String subject) implements AuthResult {
    }

    /**
     * The token was refused. {@code reason} is {@link JwtAuthenticator#MISSING_TOKEN} or
     * {@link JwtAuthenticator#INVALID_TOKEN}, sent to the client as {@code connect_error} data {@code {"reason":...}}.
     */
    record Rejected(String reason) implements AuthResult {
    }
}

package io.roomcast.node.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the {@code auth.token} of a Socket.IO handshake: an HS256 JWT signed with the node's secret, {@code exp}
 * and {@code nbf} honoured when present, with a string {@code sub}. Behaves as the reference server's
 * {@code jwt.verify(token, secret, {algorithms: ['HS256']})}: any other algorithm (including {@code none} and
 * HS512 with the same secret) is refused. Thread-safe.
 */
public final class JwtAuthenticator {

    /** No token, or a token that is not a non-empty string. */
    public static final String MISSING_TOKEN = "missing token";
    /** Bad signature, malformed, expired, not yet valid, wrong algorithm, or no string {@code sub}. */
    public static final String INVALID_TOKEN = "invalid token";

    private final JWTVerifier verifier;

    /** @param secret the HS256 secret, used as its UTF-8 bytes (as Node's jsonwebtoken does with a string) */
    public JwtAuthenticator(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        this.verifier = JWT.require(Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8)))
                // jsonwebtoken does not refuse an iat in the future (clock skew between issuer and node); nor do we.
                .ignoreIssuedAt()
                .build();
    }

    /** Checks the {@code token} entry of a handshake's {@code auth} payload (which may be null). */
    public AuthResult authenticate(Map<String, ?> auth) {
        return authenticate(auth == null ? null : auth.get("token"));
    }

    /** Checks a token as the client sent it: anything but a non-empty string counts as missing. */
    public AuthResult authenticate(Object token) {
        if (!(token instanceof String text) || text.isEmpty()) {
            return new AuthResult.Rejected(MISSING_TOKEN);
        }
        try {
            DecodedJWT jwt = verifier.verify(text);
            // Claim.asString() is null unless the claim is a JSON string, so "sub": 42 is refused too.
            String subject = jwt.getClaim("sub").asString();
            return subject == null ? new AuthResult.Rejected(INVALID_TOKEN) : new AuthResult.Authenticated(subject);
        } catch (JWTVerificationException | IllegalArgumentException e) {
            // Covers bad signature, malformed or non-JSON parts, expired, nbf in the future and algorithm mismatch.
            return new AuthResult.Rejected(INVALID_TOKEN);
        }
    }
}

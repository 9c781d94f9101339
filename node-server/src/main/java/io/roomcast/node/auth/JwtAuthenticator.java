package io.roomcast.node.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the {@code auth.token} of a Socket.IO handshake: an HS256 JWT signed with the node's secret, {@code exp}
 * and {@code nbf} honoured when present, with a string {@code sub} of 1 to {@value #MAX_SUBJECT_LENGTH} characters
 * and, optionally, a {@code rooms} claim: an array of strings (room patterns, see the chat's room policy). Behaves as
 * the reference server's {@code jwt.verify(token, secret, {algorithms: ['HS256']})}: any other algorithm (including
 * {@code none} and HS512 with the same secret) is refused. Thread-safe.
 */
public final class JwtAuthenticator {

    /** No token, or a token that is not a non-empty string. */
    public static final String MISSING_TOKEN = "missing token";
    /** Bad signature, malformed, expired, not yet valid, wrong algorithm, or no string {@code sub}. */
    public static final String INVALID_TOKEN = "invalid token";
    /** A valid token whose {@code sub} is empty or longer than {@value #MAX_SUBJECT_LENGTH} characters. */
    public static final String INVALID_SUBJECT = "invalid token: sub must be 1 to 256 characters";
    /** A valid token whose {@code rooms} claim is not an array of strings. */
    public static final String INVALID_ROOMS = "invalid token: rooms must be an array of strings";
    /** Longest accepted {@code sub}, in UTF-16 code units (JavaScript's {@code length}, as in the reference server). */
    public static final int MAX_SUBJECT_LENGTH = 256;
    /** The claim naming the rooms a token may join. */
    public static final String ROOMS_CLAIM = "rooms";

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
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(text);
        } catch (JWTVerificationException | IllegalArgumentException e) {
            // Covers bad signature, malformed or non-JSON parts, expired, nbf in the future and algorithm mismatch.
            return new AuthResult.Rejected(INVALID_TOKEN);
        }
        // Claim.asString() is null unless the claim is a JSON string, so "sub": 42 is refused too.
        String subject = jwt.getClaim("sub").asString();
        if (subject == null) {
            return new AuthResult.Rejected(INVALID_TOKEN);
        }
        // An empty sub names nobody; a huge one would travel in every message's "from".
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            return new AuthResult.Rejected(INVALID_SUBJECT);
        }
        Claim rooms = jwt.getClaim(ROOMS_CLAIM);
        if (rooms.isMissing()) {
            return new AuthResult.Authenticated(subject);
        }
        List<String> patterns = stringList(rooms);
        return patterns == null ? new AuthResult.Rejected(INVALID_ROOMS) : new AuthResult.Authenticated(subject, patterns);
    }

    /** The claim as a list of strings, or null when it is anything else (null, an object, a number inside, ...). */
    private static List<String> stringList(Claim claim) {
        List<Object> values;
        try {
            values = claim.asList(Object.class);
        } catch (JWTDecodeException e) {
            return null;
        }
        if (values == null) {
            return null;
        }
        List<String> strings = new ArrayList<>(values.size());
        for (Object value : values) {
            if (!(value instanceof String string)) {
                return null;
            }
            strings.add(string);
        }
        return List.copyOf(strings);
    }
}

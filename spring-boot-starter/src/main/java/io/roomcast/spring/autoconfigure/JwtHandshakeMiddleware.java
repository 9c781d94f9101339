package io.roomcast.spring.autoconfigure;

import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.Next;
import io.roomcast.socketio.Socket;
import io.roomcast.spring.SocketPrincipals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the bearer token of each connecting socket with the application's {@link JwtDecoder}: {@code auth.token} of
 * the CONNECT packet (socket.io-client's {@code auth: {token}}), else the handshake's {@code Authorization: Bearer}
 * header. A valid token puts its {@code Authentication} (what the resource server's {@code JwtAuthenticationConverter}
 * makes of it: a {@code JwtAuthenticationToken} by default) in {@link SocketPrincipals}; a missing or bad one refuses
 * the connection with {@code connect_error} {@code "missing token"} / {@code "invalid token"}, as the node does.
 * Decoding runs on the socket's event loop: fine with a secret or public key, or a JWK set the decoder caches (as
 * Spring's {@code NimbusJwtDecoder} does); runs first among the middlewares.
 */
final class JwtHandshakeMiddleware implements Middleware, Ordered {

    static final String MISSING_TOKEN = "missing token";
    static final String INVALID_TOKEN = "invalid token";

    private static final Logger log = LoggerFactory.getLogger(JwtHandshakeMiddleware.class);

    private final JwtDecoder decoder;
    private final Converter<Jwt, ? extends AbstractAuthenticationToken> converter;
    private final SocketPrincipals principals;

    JwtHandshakeMiddleware(JwtDecoder decoder, Converter<Jwt, ? extends AbstractAuthenticationToken> converter,
                           SocketPrincipals principals) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.principals = Objects.requireNonNull(principals, "principals");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void handle(Socket socket, Next next) {
        String token = token(socket);
        if (token == null) {
            next.reject(MISSING_TOKEN, null);
            return;
        }
        AbstractAuthenticationToken authentication;
        try {
            authentication = converter.convert(decoder.decode(token));
        } catch (JwtException | IllegalArgumentException e) {
            log.debug("refused socket {} on {}: {}", socket.id(), socket.namespace().name(), e.getMessage());
            next.reject(INVALID_TOKEN, null);
            return;
        }
        if (authentication == null) {
            next.reject(INVALID_TOKEN, null);
            return;
        }
        principals.set(socket, authentication);
        next.proceed();
    }

    /** {@code auth.token}, else {@code Authorization: Bearer <token>}; null when neither is there. */
    static String token(Socket socket) {
        Map<String, Object> auth = socket.handshake().auth();
        if (auth.get("token") instanceof String token && !token.isBlank()) {
            return token;
        }
        List<String> headers = socket.handshake().headers().get("authorization");
        if (headers != null) {
            for (String header : headers) {
                if (header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
                    return header.substring(7).trim();
                }
            }
        }
        return null;
    }
}

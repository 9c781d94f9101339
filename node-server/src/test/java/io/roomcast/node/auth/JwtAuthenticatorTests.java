package io.roomcast.node.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static io.roomcast.node.auth.JwtAuthenticator.INVALID_TOKEN;
import static io.roomcast.node.auth.JwtAuthenticator.MISSING_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

class JwtAuthenticatorTests {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private final JwtAuthenticator authenticator = new JwtAuthenticator(SECRET);

    @Test
    void shouldReturnTheSubjectOfAValidToken() {
        String token = JWT.create().withSubject("alice").withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(Map.of("token", token)))
                .isEqualTo(new AuthResult.Authenticated("alice"));
    }

    @Test
    void shouldAcceptATokenWithoutExpiry() {
        String token = JWT.create().withSubject("bob").sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(token)).isEqualTo(new AuthResult.Authenticated("bob"));
    }

    @Test
    void shouldReportAMissingTokenForAnythingButANonEmptyString() {
        Map<String, Object> numberToken = new HashMap<>();
        numberToken.put("token", 42);

        assertThat(authenticator.authenticate((Map<String, ?>) null)).isEqualTo(rejected(MISSING_TOKEN));
        assertThat(authenticator.authenticate(Map.of())).isEqualTo(rejected(MISSING_TOKEN));
        assertThat(authenticator.authenticate(Map.of("token", ""))).isEqualTo(rejected(MISSING_TOKEN));
        assertThat(authenticator.authenticate(numberToken)).isEqualTo(rejected(MISSING_TOKEN));
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherSecret() {
        String token = JWT.create().withSubject("mallory").sign(Algorithm.HMAC256(SECRET + "x"));

        assertThat(authenticator.authenticate(token)).isEqualTo(rejected(INVALID_TOKEN));
    }

    @Test
    void shouldRefuseATamperedPayload() {
        String token = JWT.create().withSubject("alice").sign(Algorithm.HMAC256(SECRET));
        String[] parts = token.split("\\.");
        String forgedPayload = base64Url("{\"sub\":\"admin\"}");

        assertThat(authenticator.authenticate(parts[0] + "." + forgedPayload + "." + parts[2]))
                .isEqualTo(rejected(INVALID_TOKEN));
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        String token = JWT.create().withSubject("alice").withExpiresAt(Instant.now().minusSeconds(5))
                .sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(token)).isEqualTo(rejected(INVALID_TOKEN));
    }

    @Test
    void shouldRefuseATokenNotYetValid() {
        String token = JWT.create().withSubject("alice").withNotBefore(Instant.now().plusSeconds(300))
                .sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(token)).isEqualTo(rejected(INVALID_TOKEN));
    }

    @Test
    void shouldRefuseAlgNone() {
        String unsigned = JWT.create().withSubject("alice").sign(Algorithm.none());
        String handMade = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url("{\"sub\":\"alice\"}") + ".";

        assertThat(authenticator.authenticate(unsigned)).isEqualTo(rejected(INVALID_TOKEN));
        assertThat(authenticator.authenticate(handMade)).isEqualTo(rejected(INVALID_TOKEN));
    }

    @Test
    void shouldRefuseHs512EvenWithTheRightSecret() {
        String token = JWT.create().withSubject("alice").sign(Algorithm.HMAC512(SECRET));

        assertThat(authenticator.authenticate(token)).isEqualTo(rejected(INVALID_TOKEN));
    }

    @Test
    void shouldRefuseMalformedTokens() {
        for (String token : new String[]{"garbage", "a.b.c", "a.b", "...", "Bearer x.y.z"}) {
            assertThat(authenticator.authenticate(token)).as(token).isEqualTo(rejected(INVALID_TOKEN));
        }
    }

    @Test
    void shouldRefuseATokenWithoutAStringSubject() {
        String noSubject = JWT.create().withClaim("name", "alice").sign(Algorithm.HMAC256(SECRET));
        String numericSubject = JWT.create().withClaim("sub", 42).sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(noSubject)).isEqualTo(rejected(INVALID_TOKEN));
        assertThat(authenticator.authenticate(numericSubject)).isEqualTo(rejected(INVALID_TOKEN));
    }

    @Test
    void shouldAcceptAnIssuedAtInTheFutureAsNodeJsonwebtokenDoes() {
        String token = JWT.create().withSubject("alice").withIssuedAt(Instant.now().plusSeconds(120))
                .sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(token)).isEqualTo(new AuthResult.Authenticated("alice"));
    }

    private static AuthResult rejected(String reason) {
        return new AuthResult.Rejected(reason);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

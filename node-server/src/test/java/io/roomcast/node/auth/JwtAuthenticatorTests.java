package io.roomcast.node.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.roomcast.node.auth.JwtAuthenticator.INVALID_ROOMS;
import static io.roomcast.node.auth.JwtAuthenticator.INVALID_SUBJECT;
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

    @Test
    void shouldRefuseASubjectOutsideOneTo256Characters() {
        String empty = JWT.create().withSubject("").sign(Algorithm.HMAC256(SECRET));
        String tooLong = JWT.create().withSubject("x".repeat(257)).sign(Algorithm.HMAC256(SECRET));
        String huge = JWT.create().withSubject("x".repeat(100_000)).sign(Algorithm.HMAC256(SECRET));
        String longest = JWT.create().withSubject("x".repeat(256)).sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(empty)).isEqualTo(rejected(INVALID_SUBJECT));
        assertThat(authenticator.authenticate(tooLong)).isEqualTo(rejected(INVALID_SUBJECT));
        assertThat(authenticator.authenticate(huge)).isEqualTo(rejected(INVALID_SUBJECT));
        assertThat(authenticator.authenticate(longest)).isEqualTo(new AuthResult.Authenticated("x".repeat(256)));
        assertThat(INVALID_SUBJECT).isEqualTo("invalid token: sub must be 1 to 256 characters");
    }

    @Test
    void shouldReturnTheRoomsClaimWhenItIsAnArrayOfStrings() {
        String token = JWT.create().withSubject("bob").withClaim("rooms", List.of("lobby", "team-*"))
                .sign(Algorithm.HMAC256(SECRET));
        String empty = JWT.create().withSubject("bob").withClaim("rooms", List.<String>of())
                .sign(Algorithm.HMAC256(SECRET));

        assertThat(authenticator.authenticate(token))
                .isEqualTo(new AuthResult.Authenticated("bob", List.of("lobby", "team-*")));
        assertThat(authenticator.authenticate(empty)).isEqualTo(new AuthResult.Authenticated("bob", List.of()));
        assertThat(authenticator.authenticate(JWT.create().withSubject("bob").sign(Algorithm.HMAC256(SECRET))))
                .satisfies(result -> assertThat(((AuthResult.Authenticated) result).rooms()).isNull());
    }

    @Test
    void shouldRefuseARoomsClaimThatIsNotAnArrayOfStrings() {
        Map<String, String> payloads = Map.of(
                "a string", "{\"sub\":\"bob\",\"rooms\":\"lobby\"}",
                "null", "{\"sub\":\"bob\",\"rooms\":null}",
                "an object", "{\"sub\":\"bob\",\"rooms\":{\"lobby\":true}}",
                "a number inside", "{\"sub\":\"bob\",\"rooms\":[\"lobby\",1]}",
                "a null inside", "{\"sub\":\"bob\",\"rooms\":[null]}",
                "an array inside", "{\"sub\":\"bob\",\"rooms\":[[\"lobby\"]]}");
        payloads.forEach((name, payload) -> assertThat(authenticator.authenticate(signed(payload)))
                .as(name).isEqualTo(rejected(INVALID_ROOMS)));
    }

    /** A token with exactly this JSON payload, signed HS256 with the secret. */
    private static String signed(String payloadJson) {
        String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = base64Url(payloadJson);
        byte[] signature = Algorithm.HMAC256(SECRET).sign(header.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static AuthResult rejected(String reason) {
        return new AuthResult.Rejected(reason);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

package io.roomcast.spring.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;
import io.roomcast.spring.OnConnect;
import io.roomcast.spring.OnDisconnect;
import io.roomcast.spring.OnEvent;
import io.roomcast.spring.RoomcastController;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One application context with a real server, a controller, a Jackson 3 mapper of its own (snake_case), bean
 * validation and an HS256 {@link JwtDecoder}, driven over a real WebSocket.
 */
class RoomcastControllerE2ETests {

    private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);

    record Move(@NotBlank String boardId, @Min(0) @Max(1000) int x, @Min(0) @Max(1000) int y) {
    }

    record Moved(String boardId, int x, int y, String movedBy) {
    }

    @RoomcastController
    static class Cursors {
        final List<String> connected = new CopyOnWriteArrayList<>();
        final List<DisconnectReason> disconnected = new CopyOnWriteArrayList<>();

        @OnConnect
        void hello(Socket socket, Principal user) {
            connected.add(user.getName());
            socket.emit("welcome", Map.of("user", user.getName()));
        }

        @OnEvent("move")
        Moved move(Socket socket, @Valid Move move, JwtAuthenticationToken user) {
            socket.join(move.boardId());
            return new Moved(move.boardId(), move.x(), move.y(), user.getName());
        }

        @OnEvent("fail")
        String fail(Socket socket) {
            throw new IllegalStateException("boom");
        }

        @OnDisconnect
        void bye(Socket socket, DisconnectReason reason) {
            disconnected.add(reason);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {
        @Bean
        Cursors cursors() {
            return new Cursors();
        }

        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        }

        @Bean
        JwtDecoder jwtDecoder() {
            return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(SECRET, "HmacSHA256")).build();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class,
                    RoomcastAutoConfiguration.class))
            .withUserConfiguration(Application.class)
            .withPropertyValues("roomcast.port=0", "roomcast.host=127.0.0.1", "roomcast.shutdown.grace=2s",
                    "roomcast.shutdown.drain-spread=0s");

    @Test
    void shouldRunControllersWithTheApplicationsMapperValidatorAndTokens() {
        runner.run(context -> {
            int port = context.getBean(RoomcastServer.class).port();
            Cursors cursors = context.getBean(Cursors.class);
            StringBuilder connect = new StringBuilder();
            try (WebSocketClient alice = WebSocketClient.connect(port, Map.of("token", token("alice")), connect)) {
                assertThat(connect.toString()).startsWith("40{\"sid\"");
                assertThat(alice.next(frame -> frame.startsWith("42[\"welcome\""))).contains("alice");

                // snake_case in and out: the application's Jackson 3 mapper, not the library's
                JsonNode moved = alice.emitWithAck("move", Map.of("board_id", "b1", "x", 3, "y", 4));
                assertThat(moved.toString()).isEqualTo(
                        "[{\"board_id\":\"b1\",\"x\":3,\"y\":4,\"moved_by\":\"alice\"}]");

                JsonNode invalid = alice.emitWithAck("move", Map.of("board_id", "", "x", -1, "y", 4));
                assertThat(invalid.at("/0/error/code").asText()).isEqualTo("invalid_payload");
                assertThat(invalid.at("/0/error/violations").toString()).contains("boardId", "x");

                JsonNode unmappable = alice.emitWithAck("move", "not an object");
                assertThat(unmappable.at("/0/error/code").asText()).isEqualTo("invalid_payload");

                assertThat(alice.emitWithAck("fail").at("/0/error/code").asText()).isEqualTo("internal_error");

                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("roomcast.events.dropped").tags("event", "move", "reason", "invalid_payload")
                        .counter().count()).isEqualTo(2);
                // the controllers' events are the metrics' event tags by default
                assertThat(registry.get("roomcast.events.received").tags("event", "fail").counter().count())
                        .isEqualTo(1);
                assertThat(registry.get("roomcast.handshakes").tags("result", "ok").counter().count()).isEqualTo(1);
            }
            await().untilAsserted(() -> assertThat(cursors.disconnected).hasSize(1));
            assertThat(cursors.connected).containsExactly("alice");
        });
    }

    @Test
    void shouldRefuseSocketsWithoutAValidToken() {
        runner.run(context -> {
            int port = context.getBean(RoomcastServer.class).port();
            StringBuilder missing = new StringBuilder();
            try (WebSocketClient ignored = WebSocketClient.connect(port, null, missing)) {
                assertThat(missing.toString()).isEqualTo("44{\"message\":\"missing token\"}");
            }
            StringBuilder forged = new StringBuilder();
            String other = token("mallory").replaceAll("\\.[^.]+$", ".c2lnbmF0dXJl");
            try (WebSocketClient ignored = WebSocketClient.connect(port, Map.of("token", other), forged)) {
                assertThat(forged.toString()).isEqualTo("44{\"message\":\"invalid token\"}");
            }
            assertThat(context.getBean(Cursors.class).connected).isEmpty();
        });
    }

    @Test
    void shouldDrainConnectedClientsWhenTheContextCloses() {
        runner.run(context -> {
            int port = context.getBean(RoomcastServer.class).port();
            Cursors cursors = context.getBean(Cursors.class);
            StringBuilder connect = new StringBuilder();
            try (WebSocketClient alice = WebSocketClient.connect(port, Map.of("token", token("alice")), connect)) {
                context.close();
                // the transport closes without a DISCONNECT packet, so socket.io-client would reconnect elsewhere
                assertThat(alice.next(frame -> frame.equals(WebSocketClient.CLOSED) || frame.startsWith("41")))
                        .isEqualTo(WebSocketClient.CLOSED);
            }
            assertThat(cursors.disconnected).hasSize(1);
        });
    }

    static String token(String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .subject(subject).expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
            jwt.sign(new MACSigner(SECRET));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

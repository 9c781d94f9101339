package io.roomcast.examples.chat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

/**
 * A chat on Spring Boot: Socket.IO through the Roomcast starter ({@link ChatController}, on {@code roomcast.port}),
 * a REST endpoint that posts into a room ({@link RoomMessages}), and one HS256 key ({@code chat.jwt-secret}) that
 * checks the bearer tokens of both: Spring Security's resource server for HTTP, the starter's handshake middleware
 * (it uses the same {@link JwtDecoder} bean) for sockets. With {@code roomcast.redis.url} every instance shares the
 * rooms.
 */
@SpringBootApplication
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }

    /** Every HTTP request but the health probe needs a bearer token; no sessions, no cookies, so no CSRF. */
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** HS256 tokens signed with {@code chat.jwt-secret} (at least 32 bytes); an identity provider's JWK set in production. */
    @Bean
    JwtDecoder jwtDecoder(@Value("${chat.jwt-secret}") String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalArgumentException("chat.jwt-secret must be at least 32 bytes for HS256");
        }
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256")).build();
    }
}

package io.roomcast.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.spring.PayloadMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which beans the auto-configuration makes, by what the application has and sets (no client traffic here). */
class RoomcastAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RoomcastAutoConfiguration.class))
            .withPropertyValues("roomcast.port=0", "roomcast.host=127.0.0.1", "roomcast.shutdown.grace=1s");

    @Test
    void shouldStartAnInMemoryServerWithTheNodesDefaults() {
        runner.run(context -> {
            RoomcastServer server = context.getBean(RoomcastServer.class);
            assertThat(server.port()).isPositive();
            assertThat(context.getBean(RoomcastAdapter.class).kind()).isEqualTo("memory");
            assertThat(server.options().engine().path()).isEqualTo("/socket.io/");
            assertThat(server.options().engine().pingInterval()).isEqualTo(Duration.ofSeconds(25));
            assertThat(server.options().engine().pingTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(server.options().engine().maxPayload()).isEqualTo(1_000_000);
            assertThat(server.options().socketIo().connectTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(context).doesNotHaveBean(JwtHandshakeMiddleware.class);
            assertThat(context.getBean(PayloadMapper.class)).isInstanceOf(Jackson2PayloadMapper.class);
            assertThat(context.getBean(RoomcastHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void shouldApplyTheRoomcastProperties() {
        runner.withPropertyValues("roomcast.path=/live", "roomcast.ping-interval=5s", "roomcast.ping-timeout=4s",
                "roomcast.max-http-buffer-size=2048", "roomcast.transports=websocket",
                "roomcast.cors.origins=https://app.example", "roomcast.rate-limit.events=20/1s,burst=40",
                "roomcast.recovery.max-disconnection=30s").run(context -> {
            RoomcastServer server = context.getBean(RoomcastServer.class);
            assertThat(server.options().engine().path()).isEqualTo("/live/");
            assertThat(server.options().engine().pingInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(server.options().engine().pingTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(server.options().engine().maxPayload()).isEqualTo(2048);
            assertThat(server.options().engine().transports()).containsExactly("websocket");
            assertThat(server.options().engine().cors()).isPresent();
            assertThat(server.options().socketIo().eventLimits().perConnection()).isPresent();
            assertThat(server.options().socketIo().connectionStateRecovery().maxDisconnectionDuration())
                    .isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void shouldStartNothingWhenDisabled() {
        runner.withPropertyValues("roomcast.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RoomcastServer.class));
    }

    @Test
    void shouldRefuseAnUnknownAdapterNamingTheProperty() {
        runner.withPropertyValues("roomcast.redis.adapter=kafka").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("roomcast.redis.adapter")
                        .hasMessageContaining("kafka"));
    }

    @Test
    void shouldRefuseARedisAdapterWithoutUrl() {
        runner.withPropertyValues("roomcast.redis.adapter=redis-streams").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("roomcast.redis.url"));
    }

    @Test
    void shouldMapWithTheApplicationsJackson2MapperAndGiveItToTheServer() {
        ObjectMapper mapper = new ObjectMapper();
        runner.withBean(ObjectMapper.class, () -> mapper).run(context -> {
            assertThat(context.getBean(PayloadMapper.class)).isInstanceOf(Jackson2PayloadMapper.class);
            assertThat(context.getBean(RoomcastServer.class).options().socketIo().objectMapper()).isSameAs(mapper);
        });
    }

    @Test
    void shouldMapWithBootsJackson3MapperWhenThereIsNoJackson2One() {
        runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run(context ->
                assertThat(context.getBean(PayloadMapper.class)).isInstanceOf(Jackson3PayloadMapper.class));
    }

    @Test
    void shouldCheckTokensWhenTheApplicationHasAJwtDecoder() {
        JwtDecoder decoder = token -> {
            throw new JwtException("never valid");
        };
        Middleware own = (socket, next) -> next.proceed();
        runner.withBean(JwtDecoder.class, () -> decoder).withBean("ownMiddleware", Middleware.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(JwtHandshakeMiddleware.class);
                    assertThat(context.getBeansOfType(Middleware.class)).hasSize(2);
                });
    }

    @Test
    void shouldBindTheNodesMetersToTheApplicationsRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("roomcast.handshakes").tags("result", "ok").counter()).isNotNull();
            assertThat(registry.find("roomcast.connections").tags("namespace", "/").gauges()).isNotEmpty();
        });
    }

    @Test
    void shouldStopTheServerWhenTheContextCloses() {
        runner.run(context -> {
            RoomcastServerLifecycle lifecycle = context.getBean(RoomcastServerLifecycle.class);
            RoomcastServer server = context.getBean(RoomcastServer.class);
            assertThat(lifecycle.isRunning()).isTrue();
            context.close();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(server.eventLoops()).isEmpty();
        });
    }

    @Test
    void shouldDescribeEveryPropertyForIdes() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = new ObjectMapper().readValue(in, Map.class);
            assertThat(metadata.get("properties").toString()).contains("roomcast.redis.url", "roomcast.port",
                    "roomcast.shutdown.drain-spread", "roomcast.rate-limit.events");
        }
    }
}

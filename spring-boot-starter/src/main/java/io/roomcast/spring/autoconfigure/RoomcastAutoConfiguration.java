package io.roomcast.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.cluster.metrics.AdapterMetrics;
import io.roomcast.cluster.metrics.SocketServerMetrics;
import io.roomcast.cluster.metrics.StreamLagMetrics;
import io.roomcast.engine.CorsOptions;
import io.roomcast.engine.NettyTuning;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.SocketIoObserver;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.limits.EventLimits;
import io.roomcast.socketio.limits.RateLimit;
import io.roomcast.spring.PayloadMapper;
import io.roomcast.spring.PayloadValidator;
import io.roomcast.spring.RoomcastServerCustomizer;
import io.roomcast.spring.SocketPrincipals;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link RoomcastServer} on its own port from {@code roomcast.*} ({@link RoomcastProperties}), started with the
 * context and drained in Boot's graceful shutdown phase; the in-memory adapter, or a Redis adapter with
 * {@code roomcast.redis.url}; {@code @RoomcastController} beans and {@link Middleware} beans installed on it; the
 * payloads mapped with the application's Jackson mapper and validated with its validator; the Roomcast meters on its
 * {@link MeterRegistry}. The security, health and mapping parts are in their own configurations, each on when its
 * library is there.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration",
        "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration"})
@ConditionalOnProperty(prefix = "roomcast", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RoomcastProperties.class)
@Import({RoomcastAutoConfiguration.BeanValidation.class, RoomcastSecurityConfiguration.class,
        RoomcastAutoConfiguration.Health.class})
public class RoomcastAutoConfiguration {

    /** The adapter of {@code roomcast.redis.*}; the server closes its factory, this bean the transport after it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RoomcastAdapter roomcastAdapter(RoomcastProperties properties) {
        return RoomcastAdapter.connect(properties.getRedis());
    }

    @Bean
    @ConditionalOnMissingBean
    SocketPrincipals roomcastSocketPrincipals() {
        return new SocketPrincipals();
    }

    /** Built, not started: {@link RoomcastServerLifecycle} starts it after the controllers are installed. */
    @Bean
    @ConditionalOnMissingBean
    RoomcastServer roomcastServer(RoomcastProperties properties, RoomcastAdapter adapter,
                                  ObjectProvider<ObjectMapper> jackson2, ObjectProvider<MeterRegistry> registry,
                                  ObjectProvider<RoomcastServerCustomizer> customizers, ListableBeanFactory beans) {
        RoomcastServer.Builder builder = builder(properties).adapter(adapter.factory());
        ObjectMapper applicationMapper = jackson2.getIfUnique();
        if (applicationMapper != null) {
            builder.objectMapper(applicationMapper);
        }
        MeterRegistry meterRegistry = registry.getIfAvailable();
        SocketServerMetrics metrics = meterRegistry == null ? null : bindMeters(metricsEvents(properties, beans),
                adapter, meterRegistry);
        if (metrics != null) {
            builder.observer(metrics).engineObserver(metrics);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        RoomcastServer server = builder.build();
        if (metrics != null) {
            metrics.watch(server);
        }
        return server;
    }

    /**
     * The application's mapper: its Jackson 2 {@code ObjectMapper} bean (spring-boot-jackson2, or its own), which the
     * server then also serialises with; else Boot 4's Jackson 3 {@code JsonMapper} bean; else the server's own.
     */
    @Bean
    @ConditionalOnMissingBean
    PayloadMapper roomcastPayloadMapper(ObjectProvider<ObjectMapper> jackson2, ListableBeanFactory beans) {
        ObjectMapper applicationMapper = jackson2.getIfUnique();
        if (applicationMapper != null) {
            return new Jackson2PayloadMapper(applicationMapper);
        }
        if (ClassUtils.isPresent(Jackson3PayloadMapper.JSON_MAPPER, getClass().getClassLoader())) {
            PayloadMapper jackson3 = Jackson3PayloadMapper.of(beans);
            if (jackson3 != null) {
                return jackson3;
            }
        }
        return new Jackson2PayloadMapper(SocketIoOptions.defaultObjectMapper());
    }

    @Bean
    RoomcastServerLifecycle roomcastServerLifecycle(RoomcastServer server, RoomcastProperties properties) {
        return new RoomcastServerLifecycle(server, properties.getShutdown().getGrace(),
                properties.getShutdown().getDrainSpread());
    }

    @Bean
    RoomcastControllers roomcastControllers(ApplicationContext context, RoomcastServer server,
                                            ObjectProvider<Middleware> middlewares, PayloadMapper mapper,
                                            ObjectProvider<PayloadValidator> validator, SocketPrincipals principals) {
        PayloadValidator payloadValidator = validator.getIfAvailable();
        HandlerMethod.HandlerSupport support = new HandlerMethod.HandlerSupport() {
            @Override
            public PayloadMapper mapper() {
                return mapper;
            }

            @Override
            public SocketPrincipals principals() {
                return principals;
            }

            @Override
            public RoomcastServer server() {
                return server;
            }

            @Override
            public SocketIoObserver observer() {
                return server.options().socketIo().observer();
            }

            @Override
            public boolean validates(Parameter parameter) {
                if (payloadValidator == null) {
                    return false;
                }
                for (Annotation annotation : parameter.getAnnotations()) {
                    String name = annotation.annotationType().getName();
                    if (name.equals("jakarta.validation.Valid")
                            || name.equals("org.springframework.validation.annotation.Validated")) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public List<Map<String, Object>> validate(Object value) {
                return payloadValidator.validate(value);
            }
        };
        return new RoomcastControllers(context, server, middlewares.orderedStream().toList(), support);
    }

    /** The builder with every {@code roomcast.*} server setting applied. */
    static RoomcastServer.Builder builder(RoomcastProperties properties) {
        RoomcastServer.Builder builder = RoomcastServer.builder()
                .host(properties.getHost())
                .port(properties.getPort())
                .path(properties.getPath())
                .transports(properties.getTransports().toArray(String[]::new))
                .pingInterval(properties.getPingInterval())
                .pingTimeout(properties.getPingTimeout())
                .connectTimeout(properties.getConnectTimeout())
                .httpRequestTimeout(properties.getHttpRequestTimeout())
                .maxHttpBufferSize(properties.getMaxHttpBufferSize())
                .maxBufferedBytes(Math.max(properties.getMaxBufferedBytes(), properties.getMaxHttpBufferSize()))
                .maxConnectionsPerAddress(properties.getMaxConnectionsPerIp())
                .tuning(NettyTuning.defaults().withWorkerThreads(properties.getWorkerThreads())
                        .withNativeTransport(properties.isNativeTransport()));
        RoomcastProperties.Cors cors = properties.getCors();
        if (!cors.getOrigins().isEmpty()) {
            builder.cors(CorsOptions.of(new LinkedHashSet<>(cors.getOrigins())).withCredentials(cors.isCredentials()));
        }
        RoomcastProperties.Recovery recovery = properties.getRecovery();
        if (recovery.getMaxDisconnection() != null) {
            builder.connectionStateRecovery(ConnectionStateRecovery.defaults()
                    .withMaxDisconnectionDuration(recovery.getMaxDisconnection())
                    .withSkipMiddlewares(recovery.isSkipMiddlewares()));
        }
        RoomcastProperties.RateLimit limits = properties.getRateLimit();
        if (limits.getEvents() != null && !limits.getEvents().isBlank()) {
            String disconnectAfter = limits.getDisconnectAfter();
            EventLimits events = disconnectAfter == null || disconnectAfter.isBlank()
                    || disconnectAfter.trim().equalsIgnoreCase("off")
                    ? EventLimits.NONE.withoutDisconnect()
                    : EventLimits.NONE.withDisconnectAfter(RateLimit.parse(disconnectAfter.trim()));
            builder.eventLimits(events.withPerConnection(RateLimit.parse(limits.getEvents().trim())));
        }
        return builder;
    }

    /** {@code roomcast.metrics.events}, else the events the controllers handle: a bounded set of tag values. */
    private static Set<String> metricsEvents(RoomcastProperties properties, ListableBeanFactory beans) {
        List<String> listed = properties.getMetrics().getEvents();
        return listed.isEmpty() ? RoomcastControllers.declaredEvents(beans) : new LinkedHashSet<>(listed);
    }

    /** The node's meters on the application's registry, under the names of the node's {@code /metrics}. */
    private static SocketServerMetrics bindMeters(Set<String> events, RoomcastAdapter adapter,
                                                  MeterRegistry registry) {
        SocketServerMetrics metrics = new SocketServerMetrics(events);
        metrics.bindTo(registry);
        adapter.pubSub().ifPresent(factory -> new AdapterMetrics(factory).bindTo(registry));
        adapter.streamLag().ifPresent(lag -> new StreamLagMetrics(lag).bindTo(registry));
        return metrics;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "jakarta.validation.Validator")
    @ConditionalOnBean(type = "jakarta.validation.Validator")
    static class BeanValidation {

        @Bean
        @ConditionalOnMissingBean
        PayloadValidator roomcastPayloadValidator(jakarta.validation.Validator validator) {
            return new BeanValidationPayloadValidator(validator);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "roomcastHealthIndicator")
        RoomcastHealthIndicator roomcastHealthIndicator(RoomcastServer server, RoomcastServerLifecycle lifecycle,
                                                        RoomcastAdapter adapter, RoomcastProperties properties) {
            return new RoomcastHealthIndicator(server, lifecycle, adapter, properties.getRedis().isHealthRequired());
        }
    }
}

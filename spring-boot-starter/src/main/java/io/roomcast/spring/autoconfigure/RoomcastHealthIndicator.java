package io.roomcast.spring.autoconfigure;

import io.roomcast.socketio.RoomcastServer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code roomcast}: UP while the server serves, with its port, open sessions and
 * adapter; {@code redis} UP/DOWN for a Redis adapter. Redis fails for every instance at once, so by default its
 * state is only a detail (a load balancer would otherwise take the whole fleet out while each instance still
 * serves its own clients); {@code roomcast.redis.health-required=true} makes it DOWN, as the node's
 * {@code READINESS_REQUIRES_REDIS}.
 */
final class RoomcastHealthIndicator implements HealthIndicator {

    private final RoomcastServer server;
    private final RoomcastServerLifecycle lifecycle;
    private final RoomcastAdapter adapter;
    private final boolean redisRequired;

    RoomcastHealthIndicator(RoomcastServer server, RoomcastServerLifecycle lifecycle, RoomcastAdapter adapter,
                            boolean redisRequired) {
        this.server = server;
        this.lifecycle = lifecycle;
        this.adapter = adapter;
        this.redisRequired = redisRequired;
    }

    @Override
    public Health health() {
        if (!lifecycle.isRunning()) {
            return Health.down().withDetail("server", "stopped").withDetail("adapter", adapter.kind()).build();
        }
        Health.Builder health = Health.up().withDetail("port", server.port())
                .withDetail("sessions", server.sessionCount()).withDetail("adapter", adapter.kind());
        if (adapter.clustered()) {
            boolean ready = server.isAdapterReady();
            health.withDetail("redis", ready ? "UP" : "DOWN");
            if (!ready && redisRequired) {
                health.down();
            }
        }
        return health.build();
    }
}

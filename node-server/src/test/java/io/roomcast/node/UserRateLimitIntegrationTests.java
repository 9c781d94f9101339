package io.roomcast.node;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.limits.RedisUserBudgets;
import io.roomcast.cluster.metrics.RoomcastMeters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code RATE_LIMIT_USER_EVENTS} across two chat nodes on one real redis-server (Redisson's RRateLimiter): one user
 * (the JWT {@code sub}) with tabs on both nodes shares one budget; another user has their own; the Redis calls it
 * takes are printed.
 */
class UserRateLimitIntegrationTests {

    private static final String SECRET = "user-rate-limit-secret-of-32-bytes!!";

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.any();

    private NodeRuntime node(String id, String userEvents) throws Exception {
        return NodeServer.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "NODE_ID", id,
                "REDIS_URL", "redis://" + redis.uri().getHost() + ":" + redis.uri().getPort(),
                "ADAPTER_KEY", redis.keyPrefix(),
                "JWT_SECRET", SECRET,
                "RATE_LIMIT_USER_EVENTS", userEvents)), io -> { });
    }

    private static RawSocketIoClient tab(NodeRuntime node, String user) throws Exception {
        String token = JWT.create().withSubject(user).sign(Algorithm.HMAC256(SECRET));
        return RawSocketIoClient.connect(node.port(), "{\"token\":\"" + token + "\"}");
    }

    private static RedisUserBudgets budgets(NodeRuntime node) {
        return (RedisUserBudgets) node.io().options().socketIo().eventLimits().perUser().orElseThrow();
    }

    private static double limited(NodeRuntime node, String scope) {
        var counter = node.meterRegistry().find(RoomcastMeters.EVENTS_RATE_LIMITED)
                .tag(RoomcastMeters.TAG_SCOPE, scope).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldShareOneBudgetAmongTheTabsOfAUserOnEveryNode() throws Exception {
        // 10 a minute: nothing comes back while the test runs
        try (NodeRuntime nodeA = node("node-a", "10/1m");
             NodeRuntime nodeB = node("node-b", "10/1m");
             RawSocketIoClient aliceTab1 = tab(nodeA, "alice");
             RawSocketIoClient aliceTab2 = tab(nodeA, "alice");
             RawSocketIoClient aliceTab3 = tab(nodeB, "alice");
             RawSocketIoClient bob = tab(nodeB, "bob")) {
            List<RawSocketIoClient> alice = List.of(aliceTab1, aliceTab2, aliceTab3);
            List<String> acks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                acks.add(alice.get(i % 3).emitWithAck("echo", "\"e" + i + "\""));
                // one event at a time, each node's Redis answer in before the next: a deterministic sequence
                Await.until("Redis answered", Duration.ofSeconds(10),
                        () -> budgets(nodeA).asksInFlight() == 0 && budgets(nodeB).asksInFlight() == 0);
            }
            long accepted = acks.stream().filter(ack -> !ack.contains("rate_limited")).count();
            long refused = acks.stream().filter(ack -> ack.contains("\"code\":\"rate_limited\"")).count();
            System.out.printf("alice, 3 tabs on 2 nodes, 40 events against 10/1m: %d accepted, %d rate_limited;"
                    + " Redis calls node-a %d, node-b %d%n", accepted, refused, budgets(nodeA).redisCalls(),
                    budgets(nodeB).redisCalls());

            // one budget: 10, give or take the batch (1 here) a node holds leased or on credit; two budgets: 20+
            assertThat(accepted).isBetween(9L, 12L);
            assertThat(accepted + refused).isEqualTo(40);
            assertThat(acks.subList(0, 8)).as("within the budget nothing is refused")
                    .noneMatch(ack -> ack.contains("rate_limited"));
            assertThat(acks.get(acks.size() - 1)).contains("too many events from this user");
            assertThat(limited(nodeA, "user") + limited(nodeB, "user")).isEqualTo(refused);
            assertThat(limited(nodeA, "connection") + limited(nodeB, "connection")).isZero();

            assertThat(bob.emitWithAck("echo", "\"bob\"")).as("another user has a budget of their own")
                    .contains("bob");
            assertThat(budgets(nodeA).redisErrors() + budgets(nodeB).redisErrors()).isZero();
        }
    }

    @Test
    void shouldCallRedisAboutOncePerBatchForAUserWithinBudget() throws Exception {
        // a budget far above what one sequential client sends: every event is within it
        try (NodeRuntime nodeA = node("node-a", "5000/1s");
             NodeRuntime nodeB = node("node-b", "5000/1s");
             RawSocketIoClient onA = tab(nodeA, "carol");
             RawSocketIoClient onB = tab(nodeB, "carol")) {
            int events = 2000;
            int refused = 0;
            long started = System.nanoTime();
            for (int i = 0; i < events; i++) {
                if ((i % 2 == 0 ? onA : onB).emitWithAck("echo", "1").contains("rate_limited")) {
                    refused++;
                }
            }
            long calls = budgets(nodeA).redisCalls() + budgets(nodeB).redisCalls();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("carol within 5000/1s on 2 nodes: %d events in %.2f s (%.0f/s), %d refused, %d Redis"
                    + " calls (%.4f per event; batch 500)%n", events, seconds, events / seconds, refused, calls,
                    (double) calls / events);
            assertThat(refused).as("a user within budget is never refused, even before Redis answers").isZero();
            assertThat(calls).as("batches, not one Redis call per event").isLessThan(events / 10);
        }
    }
}

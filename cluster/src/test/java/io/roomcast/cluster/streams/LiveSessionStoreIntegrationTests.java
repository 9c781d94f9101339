package io.roomcast.cluster.streams;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.socketio.adapter.SavedSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The live session records that let the clients of a killed node recover, on a real redis-server. */
class LiveSessionStoreIntegrationTests {

    @RegisterExtension
    static RedisFixture redis = RedisFixture.any();

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private LiveSessionStore store;
    private final SavedSession session = new SavedSession("sid0000000000000000A", "pid0000000000000000A",
            Set.of("sid0000000000000000A", "room1"), Map.of("user", "alice"));

    @BeforeEach
    void connect() {
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        // the encoding does not matter here; the adapter passes Node's
        store = new LiveSessionStore(connection, redis.keyPrefix() + "live:", Duration.ofSeconds(30),
                s -> s.sid() + "|" + s.pid() + "|" + String.join(",", s.rooms()),
                encoded -> {
                    String[] parts = encoded.split("\\|");
                    return new SavedSession(parts[0], parts[1], Set.of(parts[2].split(",")), null);
                });
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    private CompletableFuture<Long> numsub(String channel) {
        return connection.async().pubsubNumsub(channel).toCompletableFuture()
                .thenApply(counts -> counts.getOrDefault(channel, 0L));
    }

    @Test
    void shouldHandARecordOverOnlyOnceItsOwnerIsGoneAndOnlyToOneTaker() throws Exception {
        String owner = redis.keyPrefix() + "socket.io#/#owner#";
        StatefulRedisPubSubConnection<String, String> ownerConnection = client.connectPubSub();
        ownerConnection.sync().subscribe(owner);
        store.update(session, owner).get(5, TimeUnit.SECONDS);

        assertThat(store.takeIfOwnerGone(session.pid(), this::numsub).get(5, TimeUnit.SECONDS))
                .as("the owner is alive: its socket may still be connected").isEmpty();

        ownerConnection.close(); // what a killed process's connection does
        Optional<SavedSession> taken = store.takeIfOwnerGone(session.pid(), this::numsub).get(5, TimeUnit.SECONDS);
        assertThat(taken).hasValueSatisfying(s -> {
            assertThat(s.sid()).isEqualTo(session.sid());
            assertThat(s.rooms()).isEqualTo(session.rooms());
        });
        assertThat(store.takeIfOwnerGone(session.pid(), this::numsub).get(5, TimeUnit.SECONDS))
                .as("taken once").isEmpty();
    }

    @Test
    void shouldExpireRecordsThatAreNotRenewedAndForgetRemovedOnes() throws Exception {
        String key = redis.keyPrefix() + "live:" + session.pid();
        store.update(session, "nobody").get(5, TimeUnit.SECONDS);
        long ttl = connection.sync().pttl(key);
        assertThat(ttl).isBetween(1L, 30_000L);
        connection.sync().pexpire(key, 10_000);
        store.renewAll();
        assertThat(connection.sync().pttl(key)).isGreaterThan(10_000L); // renewAll's PEXPIRE ran after ours

        store.remove(session.pid()).get(5, TimeUnit.SECONDS);
        assertThat(connection.sync().exists(key)).isZero();
        assertThat(store.size()).isZero();
    }
}

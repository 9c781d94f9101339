package io.roomcast.cluster.presence;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.cluster.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two {@link RedisPresenceStore}s (two nodes) on one real Redis. */
@Tag("integration")
class RedisPresenceStoreIntegrationTests {

    @RegisterExtension
    static RedisFixture redis = RedisFixture.restartable();

    private static final Duration TTL = Duration.ofSeconds(1);
    private final List<RedisPresenceStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(RedisPresenceStore::close);
    }

    private RedisPresenceStore store() {
        RedisPresenceStore store = RedisPresenceStore.connect(redis.uri(),
                RedisPresenceOptions.defaults().withKey(redis.keyPrefix()).withTtl(TTL));
        stores.add(store);
        return store;
    }

    private static List<String> ids(RedisPresenceStore store, String room) {
        return store.members("/", room).join().stream().map(Member::id).sorted().toList();
    }

    @Test
    void shouldShareMembersAcrossNodesAndForgetThoseWhoLeave() {
        RedisPresenceStore a = store();
        RedisPresenceStore b = store();
        Member alice = new Member("alice-socket", "alice", "node-a");
        Member bob = new Member("bob-socket", "bob", "node-b");

        a.add("/", "lobby", alice).join();
        b.add("/", "lobby", bob).join();
        b.add("/other", "lobby", new Member("x", "x", "node-b")).join();

        assertThat(a.members("/", "lobby").join()).containsExactlyInAnyOrder(alice, bob);
        assertThat(b.members("/", "lobby").join()).containsExactlyInAnyOrder(alice, bob);
        assertThat(ids(a, "elsewhere")).isEmpty();

        a.remove("/", "lobby", alice).join();
        assertThat(b.members("/", "lobby").join()).containsExactly(bob);
    }

    @Test
    void shouldRemoveANodesEntriesWhenItClosesCleanly() {
        RedisPresenceStore a = store();
        RedisPresenceStore b = store();
        b.add("/", "lobby", new Member("bob-socket", "bob", "node-b")).join();
        assertThat(ids(a, "lobby")).containsExactly("bob-socket");

        b.close();

        assertThat(ids(a, "lobby")).isEmpty();
    }

    @Test
    void shouldDropTheMembersOfANodeThatDiedWithoutCleanupWithinTheTtl() {
        RedisPresenceStore a = store();
        RedisPresenceStore b = store();
        List<Member> expired = Collections.synchronizedList(new ArrayList<>());
        a.onExpired((namespace, room, member) -> expired.add(member));
        Member alice = new Member("alice-socket", "alice", "node-a");
        Member carol = new Member("carol-socket", "carol", "node-b");
        a.add("/", "lobby", alice).join();
        b.add("/", "lobby", carol).join();
        b.add("/", "kitchen", new Member("carol-socket-2", "carol", "node-b")).join();
        a.heartbeat(); // a knows b is alive now
        assertThat(ids(a, "lobby")).containsExactly("alice-socket", "carol-socket");

        long died = System.nanoTime();
        b.abandon(); // no cleanup, no more heartbeats: as SIGKILL
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> ids(a, "lobby").equals(List.of("alice-socket")));
        Duration vanishedAfter = Duration.ofNanos(System.nanoTime() - died);

        System.out.println("presence: a dead node's members vanished after " + vanishedAfter.toMillis()
                + " ms (ttl " + TTL.toMillis() + " ms)");
        assertThat(vanishedAfter).as("within the ttl of the dead node's last heartbeat, plus scheduling slack")
                .isLessThan(TTL.plusMillis(500));
        // the survivor's next heartbeat sweeps the dead node's entries out of Redis and tells its listener once
        await().atMost(Duration.ofSeconds(10)).until(() -> expired.size() == 2);
        assertThat(expired).extracting(Member::id).containsExactlyInAnyOrder("carol-socket", "carol-socket-2");
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> raw = client.connect()) {
            assertThat(raw.sync().hkeys(a.roomKey("/", "lobby"))).containsExactly("alice-socket");
            assertThat(raw.sync().exists(a.nodeKey(b.id()))).isZero();
            assertThat(raw.sync().zrange(a.nodesKey(), 0, -1)).containsExactly(a.id());
        }
    }

    @Test
    void shouldFailFastWhileRedisIsDownAndWriteItsEntriesAgainWhenRedisComesBackEmpty() {
        RedisPresenceStore a = store();
        a.add("/", "lobby", new Member("alice-socket", "alice", "node-a")).join();

        redis.kill();
        long asked = System.nanoTime();
        assertThat(a.members("/", "lobby")).failsWithin(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("rejected while disconnected, not timed out")
                .isLessThan(Duration.ofSeconds(2));
        redis.restart(); // no persistence: Redis is back empty

        RedisPresenceStore b = store();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> ids(b, "lobby").equals(List.of("alice-socket")));
    }

    @Test
    void shouldIgnoreMalformedEntries() {
        RedisPresenceStore a = store();
        a.add("/", "lobby", new Member("alice-socket", "alice", "node-a")).join();
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> raw = client.connect()) {
            raw.sync().hset(a.roomKey("/", "lobby"), "junk", "not an entry");
            raw.sync().hset(a.roomKey("/", "lobby"), "junk2", a.id() + " {not json");
        }
        assertThat(ids(a, "lobby")).containsExactly("alice-socket");
    }
}

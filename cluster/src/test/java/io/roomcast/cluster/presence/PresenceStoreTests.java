package io.roomcast.cluster.presence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory store, the member order, the Redis store's value format and its options. */
class PresenceStoreTests {

    @Test
    void shouldKeepMembersPerNamespaceAndRoomInMemory() {
        InMemoryPresenceStore store = new InMemoryPresenceStore();
        Member alice = new Member("a", "alice", "n1");
        Member bob = new Member("b", "bob", "n1");
        store.add("/", "lobby", alice);
        store.add("/", "lobby", bob);
        store.add("/other", "lobby", alice);

        assertThat(store.members("/", "lobby").join()).containsExactlyInAnyOrder(alice, bob);
        store.remove("/", "lobby", alice);
        store.remove("/", "nowhere", alice);
        assertThat(store.members("/", "lobby").join()).containsExactly(bob);
        assertThat(store.members("/other", "lobby").join()).containsExactly(alice);
        store.remove("/", "lobby", bob);
        assertThat(store.members("/", "lobby").join()).isEmpty();
    }

    @Test
    void shouldListMembersByUserThenId() {
        RoomMembers members = new RoomMembers("r", List.of(new Member("z", "bob", "n"), new Member("y", "alice", "n"),
                new Member("x", "bob", "n")));

        assertThat(members.members()).extracting(Member::id).containsExactly("y", "x", "z");
        assertThat(members.size()).isEqualTo(3);
    }

    @Test
    void shouldReadLengthPrefixedFieldsAndRefuseMalformedOnes() {
        assertThat(RedisPresenceStore.lengthPrefixed("6:node-aalice", 0)).containsExactly("node-a", "alice");
        assertThat(RedisPresenceStore.lengthPrefixed("0:", 0)).containsExactly("", "");
        for (String malformed : List.of("", ":x", "x:abc", "9:short", "-1:x", "99999999999:x", "3x")) {
            assertThat(RedisPresenceStore.lengthPrefixed(malformed, 0)).as(malformed).isNull();
        }
    }

    @Test
    void shouldValidateOptions() {
        assertThat(RedisPresenceOptions.defaults().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> RedisPresenceOptions.defaults().withTtl(Duration.ofMillis(100)))
                .hasMessageContaining("ttl must be at least 300 ms");
        assertThatThrownBy(() -> RedisPresenceOptions.defaults().withKey(" ")).hasMessageContaining("key");
    }
}

package io.roomcast.node.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoomPolicyTests {

    @Test
    void shouldMatchStarAsAnyRunOfCharactersAndEverythingElseLiterally() {
        assertThat(RoomPolicy.Glob.matches("lobby", "lobby")).isTrue();
        assertThat(RoomPolicy.Glob.matches("lobby", "lobby2")).isFalse();
        assertThat(RoomPolicy.Glob.matches("lobby", "Lobby")).isFalse();
        assertThat(RoomPolicy.Glob.matches("team-*", "team-")).isTrue();
        assertThat(RoomPolicy.Glob.matches("team-*", "team-red")).isTrue();
        assertThat(RoomPolicy.Glob.matches("team-*", "teams")).isFalse();
        assertThat(RoomPolicy.Glob.matches("*", "")).isTrue();
        assertThat(RoomPolicy.Glob.matches("*", "anything at all")).isTrue();
        assertThat(RoomPolicy.Glob.matches("", "")).isTrue();
        assertThat(RoomPolicy.Glob.matches("", "a")).isFalse();
        assertThat(RoomPolicy.Glob.matches("*-room", "secret-room")).isTrue();
        assertThat(RoomPolicy.Glob.matches("a*b*c", "a-b-b-c")).isTrue();
        assertThat(RoomPolicy.Glob.matches("a*b*c", "a-b-b-")).isFalse();
        assertThat(RoomPolicy.Glob.matches("**x", "yyx")).isTrue();
        assertThat(RoomPolicy.Glob.matches("game.?", "game.1")).as("? and . are plain characters").isFalse();
        assertThat(RoomPolicy.Glob.matches("game.?", "game.?")).isTrue();
        assertThat(RoomPolicy.Glob.matches("[ab]", "a")).isFalse();
    }

    @Test
    void shouldAnswerQuicklyEnoughOnPatternsThatBacktrack() {
        String text = "a".repeat(128);
        String pattern = "*a".repeat(50) + "b";

        long started = System.nanoTime();
        assertThat(RoomPolicy.Glob.matches(pattern, text)).isFalse();
        System.out.printf("glob %d-char pattern vs 128-char room: %d µs%n", pattern.length(),
                (System.nanoTime() - started) / 1000);
    }

    @Test
    void shouldKeepUserRoomsForTheirOwnerWhateverThePatternsSay() {
        RoomPolicy bob = new RoomPolicy("bob", List.of("lobby", "user:*", "*"));

        assertThat(bob.allows("user:alice:private")).isFalse();
        assertThat(bob.allows("user:alice:")).isFalse();
        assertThat(bob.allows("user::x")).isFalse();
        assertThat(bob.allows("user:bob:inbox")).isTrue();
        assertThat(bob.allows("user:bob:")).isTrue();
        assertThat(new RoomPolicy("bob", List.of()).allows("user:bob:inbox")).as("own rooms need no pattern")
                .isTrue();
        assertThat(new RoomPolicy("bob", null).allows("user:alice:private")).as("nor does the lack of a claim")
                .isFalse();
    }

    @Test
    void shouldGiveEveryUserRoomOneOwnerEvenWhenASubContainsAColon() {
        RoomPolicy alice = new RoomPolicy("alice", null);
        RoomPolicy aliceX = new RoomPolicy("alice:x", null);

        assertThat(aliceX.allows("user:alice:x:private")).as("owner is alice, not alice:x").isFalse();
        assertThat(alice.allows("user:alice:x:private")).isTrue();
        assertThat(RoomPolicy.owner("user:alice:x:private")).isEqualTo("alice");
        assertThat(RoomPolicy.owner("user:alice")).as("no second colon: not a user room").isNull();
        assertThat(RoomPolicy.owner("users:alice:x")).isNull();
    }

    @Test
    void shouldAllowOnlyMatchingRoomsWhenTheClaimIsPresent() {
        RoomPolicy bob = new RoomPolicy("bob", List.of("lobby", "team-*"));

        assertThat(bob.allows("lobby")).isTrue();
        assertThat(bob.allows("team-red")).isTrue();
        assertThat(bob.allows("secret-room")).isFalse();
        assertThat(bob.allows("lobby-2")).isFalse();
        assertThat(bob.allows("user:alice")).as("not a user room, and no pattern matches").isFalse();
        assertThat(new RoomPolicy("bob", List.of()).allows("lobby")).isFalse();
    }

    @Test
    void shouldAllowEveryNonUserRoomWithoutTheClaim() {
        RoomPolicy carol = new RoomPolicy("carol", null);

        assertThat(carol.allows("secret-room")).isTrue();
        assertThat(carol.allows("user:carol")).isTrue();
        assertThat(carol.allows("user:dave:x")).isFalse();
    }
}

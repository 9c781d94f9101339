package io.roomcast.node.chat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatRequestsTests {

    private final ChatRequests requests = new ChatRequests(10);

    @Test
    void shouldAcceptRoomUpTo128Characters() {
        String room = "r".repeat(128);
        assertThat(requests.room(List.of(room))).isEqualTo(room);
    }

    @Test
    void shouldRejectMissingEmptyNonStringAndLongRooms() {
        assertRejected(() -> requests.room(List.of()), "invalid_room", "room must be a non-empty string");
        assertRejected(() -> requests.room(List.of("")), "invalid_room", "room must be a non-empty string");
        assertRejected(() -> requests.room(List.of(42)), "invalid_room", "room must be a non-empty string");
        assertRejected(() -> requests.room(Arrays.asList((Object) null)), "invalid_room",
                "room must be a non-empty string");
        assertRejected(() -> requests.room(List.of("r".repeat(129))), "invalid_room",
                "room must be at most 128 characters");
    }

    @Test
    void shouldValidateMessagePayloadThenRoomThenText() {
        assertRejected(() -> requests.message(List.of("hello")), "invalid_message",
                "message must be an object with room and text");
        assertRejected(() -> requests.message(List.of(Map.of("text", "hi"))), "invalid_room",
                "room must be a non-empty string");
        assertRejected(() -> requests.message(List.of(Map.of("room", "a", "text", 5))), "invalid_text",
                "text must be a string");
        assertRejected(() -> requests.message(List.of(Map.of("room", "a", "text", "x".repeat(11)))),
                "text_too_long", "text must be at most 10 characters");
        assertThat(requests.message(List.of(Map.of("room", "a", "text", "x".repeat(10)))))
                .isEqualTo(new ChatRequests.RoomText("a", "x".repeat(10)));
    }

    @Test
    void shouldValidateCursorPayloadThenRoomThenCoordinatesWithinZeroToOne() {
        assertRejected(() -> requests.cursor(List.of()), "invalid_cursor", "cursor must be an object with room, x and y");
        assertRejected(() -> requests.cursor(List.of(List.of(0.5, 0.5))), "invalid_cursor",
                "cursor must be an object with room, x and y");
        assertRejected(() -> requests.cursor(List.of(Map.of("x", 0.5, "y", 0.5))), "invalid_room",
                "room must be a non-empty string");
        for (Object bad : Arrays.asList(-0.01, 1.01, "0.5", null, Double.NaN, Double.POSITIVE_INFINITY)) {
            Map<String, Object> payload = new java.util.HashMap<>(Map.of("room", "a", "y", 0.5));
            payload.put("x", bad);
            assertRejected(() -> requests.cursor(List.of(payload)), "invalid_cursor",
                    "x and y must be numbers from 0 to 1");
        }
        assertRejected(() -> requests.cursor(List.of(Map.of("room", "a", "x", 0.5))), "invalid_cursor",
                "x and y must be numbers from 0 to 1");
        assertThat(requests.cursor(List.of(Map.of("room", "a", "x", 0, "y", 1L))))
                .isEqualTo(new ChatRequests.Cursor("a", 0, 1));
        assertThat(requests.cursor(List.of(Map.of("room", "a", "x", 0.25, "y", new java.math.BigDecimal("0.75")))))
                .isEqualTo(new ChatRequests.Cursor("a", 0.25, 0.75));
    }

    private static void assertRejected(Runnable request, String code, String message) {
        assertThatThrownBy(request::run)
                .isInstanceOfSatisfying(ChatRequests.Rejected.class,
                        rejected -> assertThat(rejected.error()).isEqualTo(new ChatError(code, message)));
    }
}

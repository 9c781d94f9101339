package io.roomcast.node.chat;

/** A rejected chat request, sent back in the ack as {@code {"error":{"code","message"}}}. */
public record ChatError(String code, String message) {

    static final int MAX_ROOM_LENGTH = 128;

    static ChatError invalidRoom() {
        return new ChatError("invalid_room", "room must be a non-empty string");
    }

    static ChatError roomTooLong() {
        return new ChatError("invalid_room", "room must be at most " + MAX_ROOM_LENGTH + " characters");
    }

    static ChatError invalidMessage() {
        return new ChatError("invalid_message", "message must be an object with room and text");
    }

    static ChatError invalidText() {
        return new ChatError("invalid_text", "text must be a string");
    }

    static ChatError textTooLong(int limit) {
        return new ChatError("text_too_long", "text must be at most " + limit + " characters");
    }

    static ChatError invalidCursor() {
        return new ChatError("invalid_cursor", "cursor must be an object with room, x and y");
    }

    static ChatError cursorOutOfRange() {
        return new ChatError("invalid_cursor", "x and y must be numbers from 0 to 1");
    }

    static ChatError forbidden(String room) {
        return new ChatError("forbidden", "not allowed to join room " + room);
    }

    static ChatError notJoined() {
        return new ChatError("not_joined", "join the room first");
    }
}

package io.roomcast.node.chat;

import java.util.List;
import java.util.Map;

/**
 * Validates the arguments of chat events. Each method returns the valid value or throws {@link Rejected} carrying
 * the {@link ChatError} to ack, so handlers read as straight-line code.
 */
final class ChatRequests {

    private final int maxMessageLength;

    ChatRequests(int maxMessageLength) {
        if (maxMessageLength <= 0) {
            throw new IllegalArgumentException("maxMessageLength must be > 0");
        }
        this.maxMessageLength = maxMessageLength;
    }

    /** The room named by the first argument of {@code join}/{@code leave}. */
    String room(List<Object> args) {
        return room(args.isEmpty() ? null : args.get(0));
    }

    /** The {room, text} of a {@code message} event. */
    RoomText message(List<Object> args) {
        Object payload = args.isEmpty() ? null : args.get(0);
        if (!(payload instanceof Map<?, ?> map)) {
            throw new Rejected(ChatError.invalidMessage());
        }
        String room = room(map.get("room"));
        if (!(map.get("text") instanceof String text)) {
            throw new Rejected(ChatError.invalidText());
        }
        if (text.length() > maxMessageLength) {
            throw new Rejected(ChatError.textTooLong(maxMessageLength));
        }
        return new RoomText(room, text);
    }

    /** The {room, x, y} of a {@code cursor} event: a point on the room's board, both coordinates within 0..1. */
    Cursor cursor(List<Object> args) {
        Object payload = args.isEmpty() ? null : args.get(0);
        if (!(payload instanceof Map<?, ?> map)) {
            throw new Rejected(ChatError.invalidCursor());
        }
        String room = room(map.get("room"));
        return new Cursor(room, unitCoordinate(map.get("x")), unitCoordinate(map.get("y")));
    }

    private static double unitCoordinate(Object value) {
        // NaN fails both comparisons; JSON has no NaN or infinities, but a MessagePack client could send them.
        if (!(value instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= 1)) {
            throw new Rejected(ChatError.cursorOutOfRange());
        }
        return number.doubleValue();
    }

    private static String room(Object value) {
        if (!(value instanceof String room) || room.isEmpty()) {
            throw new Rejected(ChatError.invalidRoom());
        }
        if (room.length() > ChatError.MAX_ROOM_LENGTH) {
            throw new Rejected(ChatError.roomTooLong());
        }
        return room;
    }

    record RoomText(String room, String text) {
    }

    record Cursor(String room, double x, double y) {
    }

    /** A request that fails validation; carries no stack trace (it is control flow, not a bug). */
    static final class Rejected extends RuntimeException {
        private final ChatError error;

        Rejected(ChatError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        ChatError error() {
            return error;
        }
    }
}

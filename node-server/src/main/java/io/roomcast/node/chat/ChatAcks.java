package io.roomcast.node.chat;

/** Ack and event payloads of the chat app. Records keep the JSON key order stable (component order). */
final class ChatAcks {

    private ChatAcks() {
    }

    /** {@code node} is the {@code NODE_ID} of the node the socket is connected to. */
    record Welcome(String id, String from, String node) {
    }

    /** A {@code cursor} as the other members of the room get it: who ({@code id}, {@code user}) points where. */
    record CursorMove(String room, String id, String user, double x, double y) {
    }

    record OkAck(boolean ok) {
        static final OkAck OK = new OkAck(true);
    }

    record RoomAck(boolean ok, String room, int size) {
        RoomAck(String room, int size) {
            this(true, room, size);
        }
    }

    record MessageAck(boolean ok, String id) {
        MessageAck(String id) {
            this(true, id);
        }
    }

    record ErrorAck(ChatError error) {
    }
}

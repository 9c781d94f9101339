package io.roomcast.node.chat;

/** Ack and event payloads of the chat app. Records keep the JSON key order stable (component order). */
final class ChatAcks {

    private ChatAcks() {
    }

    record Welcome(String id, String from) {
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

package io.roomcast.node.chat;

import io.roomcast.cluster.presence.Member;
import io.roomcast.cluster.presence.RoomMembers;

import java.util.List;

/** Ack and event payloads of the chat app. Records keep the JSON key order stable (component order). */
final class ChatAcks {

    private ChatAcks() {
    }

    /** {@code from} as before; {@code user} and {@code node} as in the member entries of presence. */
    record Welcome(String id, String from, String user, String node) {
    }

    /** The answer to {@code join} and {@code members}: the room across the cluster. */
    record MembersAck(boolean ok, String room, int size, List<Member> members) {
        MembersAck(RoomMembers members) {
            this(true, members.room(), members.size(), members.members());
        }
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

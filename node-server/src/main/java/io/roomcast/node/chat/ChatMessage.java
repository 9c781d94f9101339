package io.roomcast.node.chat;

/** The {@code message} event every member of a room receives; field order is the wire order. */
public record ChatMessage(String id, String room, String text, String from, long ts) {
}

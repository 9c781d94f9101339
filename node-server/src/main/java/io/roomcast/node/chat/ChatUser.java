package io.roomcast.node.chat;

/**
 * What the chat attaches to each socket ({@code socket.data}): the name its messages carry. Other nodes see it as
 * {@code {"from": ...}} in {@code fetchSockets}.
 */
public record ChatUser(String from) {
}

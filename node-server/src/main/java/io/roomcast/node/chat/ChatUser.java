package io.roomcast.node.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the chat attaches to each socket ({@code socket.data}): the name its messages carry and, for a JWT with a
 * {@code rooms} claim, its room patterns (null otherwise). Other nodes see it as {@code {"from": ...}} (plus
 * {@code "rooms"} when set) in {@code fetchSockets}; connection state recovery saves and restores it, so a recovered
 * socket keeps its room policy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatUser(String from, List<String> rooms) {

    /** A user without room patterns. */
    public ChatUser(String from) {
        this(from, null);
    }
}

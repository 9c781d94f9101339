package io.roomcast.node.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the chat attaches to each socket ({@code socket.data}): the name its messages carry, for a JWT with a
 * {@code rooms} claim its room patterns (null otherwise), and the node that holds it ({@code NODE_ID}, set on
 * connection). Other nodes see it as {@code {"from": ..., "node": ...}} (plus {@code "rooms"} when set) in
 * {@code fetchSockets}, which is how {@code PRESENCE=adapter} lists members of other nodes, Node.js ones included;
 * connection state recovery saves and restores it, so a recovered socket keeps its room policy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatUser(String from, List<String> rooms, String node) {

    /** A user without room patterns. */
    public ChatUser(String from) {
        this(from, null, null);
    }

    public ChatUser(String from, List<String> rooms) {
        this(from, rooms, null);
    }

    /** This user on {@code node}. */
    public ChatUser withNode(String node) {
        return new ChatUser(from, rooms, node);
    }
}

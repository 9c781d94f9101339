package io.roomcast.cluster.presence;

import java.util.Comparator;
import java.util.Objects;

/**
 * One socket in a room, as every node sees it.
 *
 * @param id   the socket id (unique in the namespace)
 * @param user who the application says the socket belongs to (e.g. a JWT subject); never null
 * @param node the name of the node holding the socket (e.g. {@code NODE_ID})
 */
public record Member(String id, String user, String node) {

    /** The order of member lists: by user, then by socket id, so that a list reads the same on every node. */
    public static final Comparator<Member> ORDER = Comparator.comparing(Member::user).thenComparing(Member::id);

    public Member {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(user, "user must not be null");
        Objects.requireNonNull(node, "node must not be null");
    }
}

package io.roomcast.cluster;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which channels a node subscribes to receive broadcasts: Node's {@code subscriptionMode} of
 * {@code createShardedAdapter} (8.3), whose rules the sharded adapter follows, and an opt-in of the classic adapter.
 */
public enum SubscriptionMode {

    /** Only the namespace channel: every broadcast reaches every node. */
    STATIC("static"),
    /**
     * Also a channel per local room that is not a socket id, subscribed when the room gets its first local member
     * and unsubscribed when its last one leaves; a broadcast to one such room reaches only the nodes hosting it.
     */
    DYNAMIC("dynamic"),
    /** As {@link #DYNAMIC}, and socket id rooms get a channel too (one subscription per connected socket). */
    DYNAMIC_PRIVATE("dynamic-private");

    private final String wireName;

    SubscriptionMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name Node uses: {@code static}, {@code dynamic} or {@code dynamic-private}. */
    public String wireName() {
        return wireName;
    }

    /** Parses Node's name (case-insensitive); {@link IllegalArgumentException} naming the valid ones otherwise. */
    public static SubscriptionMode fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.wireName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("subscription mode must be static, dynamic or "
                        + "dynamic-private, not '" + name + "'"));
    }
}

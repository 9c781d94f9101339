package io.roomcast.cluster.sharded;

import io.roomcast.cluster.transport.MessageListener;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The room channels one namespace holds in the dynamic modes: one SSUBSCRIBE per local room that has its own
 * channel, dropped when the room empties. Room events may arrive out of order from concurrent threads, so each
 * call brings one room's subscription in line with whether it is wanted now.
 */
final class RoomChannels {

    private static final Logger log = LoggerFactory.getLogger(RoomChannels.class);

    private final PubSubTransport transport;
    private final MessageListener listener;
    /** room -> its pending or confirmed subscription. Guarded by {@code this}. */
    private final Map<String, CompletableFuture<Subscription>> held = new HashMap<>();
    private boolean closed;

    RoomChannels(PubSubTransport transport, MessageListener listener) {
        this.transport = transport;
        this.listener = listener;
    }

    /** Subscribes {@code channel} for {@code room} when wanted and not held, unsubscribes it when held and not wanted. */
    synchronized void update(String room, String channel, boolean wanted) {
        if (closed) {
            return;
        }
        CompletableFuture<Subscription> current = held.get(room);
        if (wanted && current == null) {
            CompletableFuture<Subscription> subscribing = transport.subscribe(channel, listener);
            subscribing.whenComplete((ok, error) -> {
                if (error != null) {
                    log.warn("subscribing the room channel {} failed: {}", channel, error.getMessage());
                }
            });
            held.put(room, subscribing);
        } else if (!wanted && current != null) {
            held.remove(room);
            current.thenAccept(Subscription::unsubscribe);
        }
    }

    /** The subscription of {@code room}'s channel, completed when confirmed; null when none is held. */
    synchronized CompletableFuture<Subscription> of(String room) {
        return held.get(room);
    }

    /** Unsubscribes every room channel; later updates do nothing. */
    synchronized void close() {
        closed = true;
        List.copyOf(held.values()).forEach(pending -> pending.thenAccept(Subscription::unsubscribe));
        held.clear();
    }
}

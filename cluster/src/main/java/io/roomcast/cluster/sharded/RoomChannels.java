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
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The room channels one namespace holds in the dynamic modes: one SSUBSCRIBE per local room that has its own
 * channel, dropped when the room empties. Room events may arrive out of order from concurrent threads, so each
 * {@link #update} brings one room's subscription in line with whether it is wanted now. A subscription still in
 * flight is never dropped on the spot: once it settles the room is looked at again. Dropping it later instead would
 * remove the listener of a room re-created meanwhile (same channel, same listener) and silence it.
 */
final class RoomChannels {

    private static final Logger log = LoggerFactory.getLogger(RoomChannels.class);

    private final PubSubTransport transport;
    private final MessageListener listener;
    private final Predicate<String> wanted;
    private final Function<String, String> channelOf;
    /** room -> its pending or confirmed subscription. Guarded by {@code this}. */
    private final Map<String, CompletableFuture<Subscription>> held = new HashMap<>();
    private boolean closed;

    /**
     * @param wanted    whether a room should have its channel subscribed right now
     * @param channelOf the channel of a room
     */
    RoomChannels(PubSubTransport transport, MessageListener listener, Predicate<String> wanted,
                 Function<String, String> channelOf) {
        this.transport = transport;
        this.listener = listener;
        this.wanted = wanted;
        this.channelOf = channelOf;
    }

    /** Subscribes the room's channel when wanted and not held; unsubscribes it when confirmed and not wanted. */
    void update(String room) {
        CompletableFuture<Subscription> subscribing = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            CompletableFuture<Subscription> current = held.get(room);
            boolean wantedNow = wanted.test(room);
            if (wantedNow && current == null) {
                subscribing = transport.subscribe(channelOf.apply(room), listener);
                held.put(room, subscribing);
            } else if (!wantedNow && current != null && current.isDone()) {
                held.remove(room);
                // under the lock: a re-created room's subscription must come after this one is gone
                if (!current.isCompletedExceptionally()) {
                    current.join().unsubscribe();
                }
            }
        }
        if (subscribing != null) {
            CompletableFuture<Subscription> settled = subscribing;
            settled.whenComplete((ok, error) -> settled(room, settled, error));
        }
    }

    private void settled(String room, CompletableFuture<Subscription> subscription, Throwable error) {
        if (error != null) {
            synchronized (this) {
                held.remove(room, subscription); // the next update of the room tries again
            }
            log.warn("subscribing the room channel {} failed: {}", channelOf.apply(room), error.getMessage());
            return;
        }
        update(room); // the room may have emptied while it was in flight
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

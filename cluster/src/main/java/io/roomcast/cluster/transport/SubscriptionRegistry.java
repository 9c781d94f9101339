package io.roomcast.cluster.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listeners per channel and per pattern of one transport. Callers serialise {@link #add}/{@link #remove} with the
 * Redis command they imply (subscribe on the first listener, unsubscribe after the last), so the two stay in order.
 */
final class SubscriptionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionRegistry.class);

    private final Map<String, List<MessageListener>> channels = new ConcurrentHashMap<>();
    private final Map<String, List<MessageListener>> patterns = new ConcurrentHashMap<>();

    /** Adds a listener; true when it is the first for this target, so Redis must be subscribed. */
    boolean add(boolean pattern, String target, MessageListener listener) {
        List<MessageListener> listeners = map(pattern).computeIfAbsent(target, t -> new CopyOnWriteArrayList<>());
        listeners.add(listener);
        return listeners.size() == 1;
    }

    /** Removes a listener; true when none is left for this target, so Redis must be unsubscribed. */
    boolean remove(boolean pattern, String target, MessageListener listener) {
        boolean[] last = {false};
        map(pattern).computeIfPresent(target, (t, listeners) -> {
            if (!listeners.remove(listener)) {
                return listeners;
            }
            last[0] = listeners.isEmpty();
            return last[0] ? null : listeners;
        });
        return last[0];
    }

    boolean hasChannel(String channel) {
        return channels.containsKey(channel);
    }

    Iterable<String> channels() {
        return channels.keySet();
    }

    Iterable<String> patterns() {
        return patterns.keySet();
    }

    /**
     * Hands a message to the listeners of a channel ({@code pattern == null}) or a pattern; returns how many got
     * it. A listener that throws is logged and the others still get the message.
     */
    int dispatch(String channel, String pattern, byte[] message) {
        List<MessageListener> listeners = pattern == null ? channels.get(channel) : patterns.get(pattern);
        if (listeners == null) {
            return 0;
        }
        int delivered = 0;
        for (MessageListener listener : listeners) {
            byte[] copy = listeners.size() == 1 ? message : message.clone();
            try {
                listener.onMessage(channel, pattern, copy);
                delivered++;
            } catch (RuntimeException e) {
                log.warn("message listener failed on channel {}", channel, e);
            }
        }
        return delivered;
    }

    private Map<String, List<MessageListener>> map(boolean pattern) {
        return pattern ? patterns : channels;
    }
}

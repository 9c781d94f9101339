package io.roomcast.cluster.transport;

/** Receives the messages of a subscription; called on a transport thread, one message at a time per transport. */
@FunctionalInterface
public interface MessageListener {

    /**
     * @param channel the channel the message was published on
     * @param pattern the subscribed pattern that matched, or null for a plain subscription
     * @param message the payload, owned by the listener
     */
    void onMessage(String channel, String pattern, byte[] message);
}

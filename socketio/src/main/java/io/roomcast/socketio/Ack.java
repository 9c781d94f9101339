package io.roomcast.socketio;

/**
 * Answers a client's (or another server's) acknowledgement request; only the first call sends. Callable from any
 * thread. When the sender asked for no acknowledgement the listener gets {@link #NONE}, on which
 * {@link #send} does nothing: handlers may call it unconditionally.
 */
@FunctionalInterface
public interface Ack {

    /** The acknowledgement of a message that asked for none: {@link #send} does nothing. */
    Ack NONE = new Ack() {
        @Override
        public void send(Object... args) {
        }

        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public String toString() {
            return "Ack.NONE";
        }
    };

    /** Sends the acknowledgement; {@code byte[]} arguments become binary attachments. */
    void send(Object... args);

    /** Whether the sender waits for this acknowledgement. */
    default boolean requested() {
        return true;
    }
}

package io.roomcast.socketio.adapter;

/**
 * Modifiers of a broadcast, as Node's {@code BroadcastFlags}.
 *
 * @param local         only sockets of this node (meaningful for cluster adapters)
 * @param volatile_     skip sockets whose transport cannot take more data right now
 * @param compress      compression hint carried to the transport (Node's default: true)
 * @param timeoutMillis how long to wait for acknowledgements, null when none are awaited
 */
public record BroadcastFlags(boolean local, boolean volatile_, boolean compress, Long timeoutMillis) {

    public static final BroadcastFlags DEFAULT = new BroadcastFlags(false, false, true, null);

    public BroadcastFlags {
        if (timeoutMillis != null && timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must be >= 0");
        }
    }

    public BroadcastFlags withLocal(boolean local) {
        return new BroadcastFlags(local, volatile_, compress, timeoutMillis);
    }

    public BroadcastFlags withVolatile(boolean volatile_) {
        return new BroadcastFlags(local, volatile_, compress, timeoutMillis);
    }

    public BroadcastFlags withCompress(boolean compress) {
        return new BroadcastFlags(local, volatile_, compress, timeoutMillis);
    }

    public BroadcastFlags withTimeoutMillis(Long timeoutMillis) {
        return new BroadcastFlags(local, volatile_, compress, timeoutMillis);
    }
}

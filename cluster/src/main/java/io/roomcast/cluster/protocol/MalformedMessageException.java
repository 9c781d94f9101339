package io.roomcast.cluster.protocol;

import io.roomcast.cluster.ClusterException;

/**
 * A cluster message that cannot be decoded: bad MessagePack or JSON, a field of the wrong type, or a value beyond
 * {@link CodecLimits}. Receivers log it at debug, count it as dropped and go on (Node's adapter: "ignoring malformed
 * request").
 */
public class MalformedMessageException extends ClusterException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}

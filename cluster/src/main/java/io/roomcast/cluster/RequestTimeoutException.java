package io.roomcast.cluster;

import io.roomcast.cluster.protocol.RequestType;
import io.roomcast.cluster.protocol.Response;

import java.util.List;

/**
 * A cross-node request ended before every server answered, with the wire responses that did arrive; the adapter
 * turns it into the public {@link io.roomcast.cluster.ClusterRequestTimeoutException} holding user values.
 */
final class RequestTimeoutException extends ClusterException {

    private final RequestType requestType;
    private final int received;
    private final int expected;
    private final transient List<Response> partialResponses;

    RequestTimeoutException(RequestType requestType, int received, int expected,
                                          List<Response> partialResponses) {
        super("timeout reached: " + received + " of " + expected + " responses");
        this.requestType = requestType;
        this.received = received;
        this.expected = expected;
        this.partialResponses = List.copyOf(partialResponses);
    }

    public RequestType requestType() {
        return requestType;
    }

    public int received() {
        return received;
    }

    public int expected() {
        return expected;
    }

    /** The responses that arrived before the timeout, in arrival order. */
    public List<Response> partialResponses() {
        return partialResponses;
    }
}

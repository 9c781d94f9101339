package io.roomcast.cluster.transport;

/**
 * Counters of a transport since it was created.
 *
 * @param published       messages Redis accepted
 * @param publishFailures publishes that failed (not connected, timed out, rejected), timeouts included
 * @param received        messages delivered to at least one listener
 * @param disconnects     connections lost
 * @param reconnects      connections re-established after a loss
 * @param publishTimeouts of the failures, publishes written to Redis but not answered within the command
 *                        timeout: Redis may still run them (it was slow or frozen)
 */
public record TransportStats(long published, long publishFailures, long received, long disconnects,
                             long reconnects, long publishTimeouts) {

    /** Without timeouts counted apart (transports that cannot tell). */
    public TransportStats(long published, long publishFailures, long received, long disconnects, long reconnects) {
        this(published, publishFailures, received, disconnects, reconnects, 0);
    }
}

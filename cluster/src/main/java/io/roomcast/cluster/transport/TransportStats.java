package io.roomcast.cluster.transport;

/**
 * Counters of a transport since it was created.
 *
 * @param published       messages Redis accepted
 * @param publishFailures publishes that failed (not connected, timed out, rejected)
 * @param received        messages delivered to at least one listener
 * @param disconnects     connections lost
 * @param reconnects      connections re-established after a loss
 */
public record TransportStats(long published, long publishFailures, long received, long disconnects,
                             long reconnects) {
}

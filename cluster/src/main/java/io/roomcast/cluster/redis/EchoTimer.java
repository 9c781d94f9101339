package io.roomcast.cluster.redis;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Times this node's broadcasts from PUBLISH to their echo on its own pattern subscription (Redis delivers a node's
 * publications back to it). Redis keeps the order of one connection's messages, so the echoes come back in publish
 * order: a bounded FIFO of (payload, publish time) is enough. An echo is recognised by its exact bytes (they hold
 * this node's uid); entries before the matched one were lost (e.g. a reconnect) and are dropped unmeasured.
 * Another node's broadcast never starts with this node's {@code ownPrefix} (the MessagePack {@code [uid, } of its
 * broadcasts), so it is told apart without the lock and without a scan of the in-flight payloads, which all have
 * about its length. Thread-safe; the lock is held for a few comparisons of in-flight payloads.
 */
final class EchoTimer {

    /** In-flight broadcasts kept at most; beyond that the oldest go unmeasured. */
    static final int CAPACITY = 256;

    private final ArrayDeque<Published> inFlight = new ArrayDeque<>();
    private final byte[] ownPrefix;

    /** @param ownPrefix the bytes every broadcast of this node starts with */
    EchoTimer(byte[] ownPrefix) {
        this.ownPrefix = ownPrefix.clone();
    }

    /** Without a prefix: every received payload is compared with the in-flight ones. */
    EchoTimer() {
        this(new byte[0]);
    }

    /** Call right before publishing {@code payload}. */
    synchronized void published(byte[] payload, long nanoTime) {
        if (inFlight.size() == CAPACITY) {
            inFlight.pollFirst();
        }
        inFlight.addLast(new Published(payload, nanoTime));
    }

    /** A publish failed: its echo will never come. */
    synchronized void failed(byte[] payload) {
        inFlight.removeIf(entry -> entry.payload == payload);
    }

    /**
     * A message arrived on the broadcast pattern subscription.
     *
     * @return nanoseconds since its publish when it is this node's own broadcast, else -1
     */
    long received(byte[] payload, long nanoTime) {
        if (payload.length < ownPrefix.length
                || !Arrays.equals(payload, 0, ownPrefix.length, ownPrefix, 0, ownPrefix.length)) {
            return -1; // another node's
        }
        return matchInFlight(payload, nanoTime);
    }

    private synchronized long matchInFlight(byte[] payload, long nanoTime) {
        if (inFlight.isEmpty()) {
            return -1;
        }
        int skipped = 0;
        for (Iterator<Published> it = inFlight.iterator(); it.hasNext(); skipped++) {
            Published entry = it.next();
            if (entry.payload.length == payload.length && Arrays.equals(entry.payload, payload)) {
                for (int i = 0; i <= skipped; i++) {
                    inFlight.pollFirst();
                }
                return nanoTime - entry.publishedAt;
            }
        }
        return -1;
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    private record Published(byte[] payload, long publishedAt) {
    }
}

package io.roomcast.engine.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Open sessions per remote IP address, for {@code maxConnectionsPerAddress}: a handshake reserves a slot before its
 * session exists, the session's removal frees it. Thread-safe; an address with no session has no entry.
 */
final class AddressLimits {

    private final int max;
    private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max sessions allowed per address; 0 is no limit (nothing is counted) */
    AddressLimits(int max) {
        this.max = max;
    }

    /** Takes a slot for {@code address}; false (nothing taken) when it already has {@code max} sessions. */
    boolean tryReserve(InetAddress address) {
        if (max == 0 || address == null) {
            return true;
        }
        boolean[] reserved = new boolean[1];
        open.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            reserved[0] = true;
            return current + 1;
        });
        return reserved[0];
    }

    /** Frees a slot taken by {@link #tryReserve}. */
    void release(InetAddress address) {
        if (max == 0 || address == null) {
            return;
        }
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Sessions open from {@code address} now (for tests and diagnostics). */
    int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }
}

package io.roomcast.socketio.adapter;

import io.roomcast.socketio.protocol.Packet;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory store of connection state recovery for one namespace (Node's {@code SessionAwareAdapter}): saved
 * sessions, and every broadcast that got an offset, each kept for {@code maxDisconnectionDuration}. Offsets are
 * {@code <adapter prefix>-<sequence>}: an offset of another process or an earlier run is recognised as unknown.
 * Expired entries are swept at most once a second, on the next write; an expired session is reported as such
 * until a sweep after twice the duration forgets it.
 */
final class InMemorySessions {

    private static final long SWEEP_EVERY_MILLIS = 1_000;

    private final long maxMillis;
    private final String prefix;
    private final Map<String, Saved> sessions = new HashMap<>();
    private final NavigableMap<Long, Logged> packets = new TreeMap<>();
    private long sequence;
    private long lastSweep;

    InMemorySessions(Duration maxDisconnectionDuration) {
        this.maxMillis = maxDisconnectionDuration.toMillis();
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        this.prefix = HexFormat.of().formatHex(bytes);
    }

    /** Appends the next offset to the packet, logs it and hands it to {@code deliver}, all under this store's lock. */
    synchronized void logged(Packet packet, BroadcastOptions opts, Consumer<Packet> deliver) {
        long now = System.currentTimeMillis();
        sweep(now);
        long seq = ++sequence;
        Packet withOffset = Adapter.withOffset(packet, prefix + "-" + seq);
        packets.put(seq, new Logged(opts.rooms(), opts.except(), withOffset.data(), now));
        deliver.accept(withOffset);
    }

    synchronized void persist(SavedSession session) {
        long now = System.currentTimeMillis();
        sweep(now);
        sessions.put(session.pid(), new Saved(session, now));
    }

    synchronized SessionRestore restore(String pid, String offset, Consumer<SavedSession> joinRooms) {
        long now = System.currentTimeMillis();
        Saved saved = sessions.remove(pid);
        if (saved == null) {
            return SessionRestore.failed(RecoveryResult.UNKNOWN);
        }
        if (now - saved.disconnectedAt > maxMillis) {
            return SessionRestore.failed(RecoveryResult.EXPIRED);
        }
        Long seq = sequenceOf(offset);
        if (seq == null || !packets.containsKey(seq)) {
            return SessionRestore.failed(RecoveryResult.TRIMMED);
        }
        joinRooms.accept(saved.session);
        Set<String> rooms = saved.session.rooms();
        List<List<Object>> missed = new ArrayList<>();
        for (Logged logged : packets.tailMap(seq, false).values()) {
            if (Adapter.shouldInclude(rooms, logged.rooms, logged.except)) {
                missed.add(logged.data);
            }
        }
        return SessionRestore.recovered(saved.session, missed);
    }

    private Long sequenceOf(String offset) {
        if (offset == null || !offset.startsWith(prefix + "-")) {
            return null;
        }
        try {
            return Long.parseLong(offset.substring(prefix.length() + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void sweep(long now) {
        if (now - lastSweep < SWEEP_EVERY_MILLIS) {
            return;
        }
        lastSweep = now;
        sessions.values().removeIf(saved -> now - saved.disconnectedAt > 2 * maxMillis);
        while (!packets.isEmpty() && now - packets.firstEntry().getValue().emittedAt > maxMillis) {
            packets.pollFirstEntry();
        }
    }

    private record Saved(SavedSession session, long disconnectedAt) {
    }

    @SuppressWarnings("unchecked")
    private record Logged(Set<String> rooms, Set<String> except, List<Object> data, long emittedAt) {
        Logged(Set<String> rooms, Set<String> except, Object data, long emittedAt) {
            this(rooms, except, (List<Object>) data, emittedAt);
        }
    }
}

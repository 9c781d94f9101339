package io.roomcast.cluster.testing;

import io.roomcast.cluster.ClusterObserver;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.MessageKind;
import io.roomcast.cluster.PublishFailure;
import io.roomcast.cluster.protocol.RequestType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link ClusterObserver} that counts what it is told, for assertions; thread-safe. Counts are totals over
 * every kind, reason or type unless asked for one.
 */
public final class RecordingClusterObserver implements ClusterObserver {

    private final Map<MessageKind, LongAdder> published = new ConcurrentHashMap<>();
    private final Map<MessageKind, LongAdder> publishFailures = new ConcurrentHashMap<>();
    private final Map<PublishFailure, LongAdder> publishFailureCauses = new ConcurrentHashMap<>();
    private final Map<MessageKind, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<DropReason, LongAdder> dropped = new ConcurrentHashMap<>();
    private final Map<RequestType, LongAdder> requestTimeouts = new ConcurrentHashMap<>();
    private final Map<RequestType, LongAdder> requestsCompleted = new ConcurrentHashMap<>();

    @Override
    public void published(MessageKind kind) {
        increment(published, kind);
    }

    @Override
    public void publishFailed(MessageKind kind, PublishFailure cause) {
        increment(publishFailures, kind);
        increment(publishFailureCauses, cause);
    }

    @Override
    public void received(MessageKind kind) {
        increment(received, kind);
    }

    @Override
    public void dropped(DropReason reason) {
        increment(dropped, reason);
    }

    @Override
    public void requestCompleted(RequestType type, long nanos) {
        increment(requestsCompleted, type);
    }

    @Override
    public void requestTimedOut(RequestType type) {
        increment(requestTimeouts, type);
    }

    /** Messages handed to the transport and accepted. */
    public long published() {
        return sum(published);
    }

    /** Publishes the transport could not send. */
    public long publishFailures() {
        return sum(publishFailures);
    }

    /** Publishes that failed for {@code cause}. */
    public long publishFailures(PublishFailure cause) {
        return count(publishFailureCauses, cause);
    }

    /** Messages that arrived on the namespaces' channels, own echoes included. */
    public long received() {
        return sum(received);
    }

    public long droppedFor(DropReason reason) {
        return count(dropped, reason);
    }

    /** Cross-node requests that ended before every server answered. */
    public long requestTimeouts() {
        return sum(requestTimeouts);
    }

    public long requestsCompleted(RequestType type) {
        return count(requestsCompleted, type);
    }

    private static <K> void increment(Map<K, LongAdder> counters, K key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static <K> long count(Map<K, LongAdder> counters, K key) {
        LongAdder adder = counters.get(key);
        return adder == null ? 0 : adder.sum();
    }

    private static long sum(Map<?, LongAdder> counters) {
        return counters.values().stream().mapToLong(LongAdder::sum).sum();
    }
}

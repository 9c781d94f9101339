package io.roomcast.cluster;

import io.roomcast.cluster.protocol.RequestType;
import io.roomcast.cluster.protocol.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The requests this node sent and still waits on (Node's {@code this.requests}): requestId to a future that
 * completes with every response once the expected number arrived, or fails with
 * {@link RequestTimeoutException} after the timeout. As in Node, every response with a matching id counts,
 * whatever it holds. The entry is removed however the request ends, so late responses are ignored. Thread-safe.
 */
final class RequestTracker {

    private final ScheduledExecutorService timer;
    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

    /** @param timer runs the timeouts; futures fail on it, so their callbacks must not block */
    RequestTracker(ScheduledExecutorService timer) {
        this.timer = Objects.requireNonNull(timer, "timer must not be null");
    }

    /**
     * Starts waiting for {@code expectedResponses} responses to {@code requestId}. Call it before publishing the
     * request, so no response can arrive first. With nothing to wait for the future is already complete.
     *
     * @throws IllegalStateException when the id is already pending
     */
    public CompletableFuture<List<Response>> track(String requestId, RequestType type, int expectedResponses,
                                                   Duration timeout) {
        Objects.requireNonNull(requestId, "requestId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0");
        }
        if (expectedResponses <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        Pending entry = new Pending(type, expectedResponses);
        if (pending.putIfAbsent(requestId, entry) != null) {
            throw new IllegalStateException("request " + requestId + " is already pending");
        }
        entry.future.whenComplete((responses, error) -> {
            pending.remove(requestId, entry);
            ScheduledFuture<?> task = entry.timeoutTask;
            if (task != null) {
                task.cancel(false);
            }
        });
        entry.timeoutTask = timer.schedule(entry::timeOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return entry.future;
    }

    /** The type of the pending request with this id, or null when none is pending (for decoding responses). */
    public RequestType typeOf(String requestId) {
        Pending entry = requestId == null ? null : pending.get(requestId);
        return entry == null ? null : entry.type;
    }

    /** Counts a response; returns false when no request with its id is pending (late or foreign). */
    public boolean onResponse(Response response) {
        Pending entry = pending.get(response.requestId());
        if (entry == null) {
            return false;
        }
        entry.add(response);
        return true;
    }

    /** Ends one pending request with an error, e.g. when its publish failed. */
    public void fail(String requestId, Throwable cause) {
        Pending entry = pending.get(requestId);
        if (entry != null) {
            entry.future.completeExceptionally(cause);
        }
    }

    /** Ends every pending request with an error (the adapter is closing). */
    public void failAll(Throwable cause) {
        for (Pending entry : List.copyOf(pending.values())) {
            entry.future.completeExceptionally(cause);
        }
    }

    /** How many requests are waiting. */
    public int pendingCount() {
        return pending.size();
    }

    private static final class Pending {
        final RequestType type;
        final int expected;
        final List<Response> responses = new ArrayList<>();
        final CompletableFuture<List<Response>> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeoutTask;

        Pending(RequestType type, int expected) {
            this.type = type;
            this.expected = expected;
        }

        void add(Response response) {
            List<Response> done = null;
            synchronized (this) {
                if (responses.size() < expected) {
                    responses.add(response);
                    if (responses.size() == expected) {
                        done = List.copyOf(responses);
                    }
                }
            }
            if (done != null) {
                future.complete(done); // outside the lock: callbacks run here
            }
        }

        void timeOut() {
            List<Response> soFar;
            synchronized (this) {
                soFar = List.copyOf(responses);
            }
            future.completeExceptionally(new RequestTimeoutException(type, soFar.size(), expected, soFar));
        }
    }
}

package io.roomcast.cluster;

import io.roomcast.cluster.protocol.RequestType;
import io.roomcast.cluster.protocol.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTrackerTests {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RequestTracker tracker = new RequestTracker(timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void shouldCompleteWhenTheExpectedResponsesArrivedAndForgetTheRequest() throws Exception {
        CompletableFuture<List<Response>> future = tracker.track("r1", RequestType.ALL_ROOMS, 2, Duration.ofSeconds(5));
        assertThat(tracker.typeOf("r1")).isEqualTo(RequestType.ALL_ROOMS);

        assertThat(tracker.onResponse(new Response.AllRooms("r1", List.of()))).isTrue();
        assertThat(future).isNotDone();
        tracker.onResponse(new Response.AllRooms("r1", List.of()));

        assertThat(future.get(1, TimeUnit.SECONDS)).hasSize(2);
        assertThat(tracker.pendingCount()).isZero();
        assertThat(tracker.typeOf("r1")).isNull();
        assertThat(tracker.onResponse(new Response.AllRooms("r1", List.of()))).isFalse();
    }

    @Test
    void shouldFailWithTheCountsAndPartialResponsesAfterTheTimeout() {
        CompletableFuture<List<Response>> future = tracker.track("r2", RequestType.SERVER_SIDE_EMIT, 2,
                Duration.ofMillis(50));
        tracker.onResponse(new Response.ServerSideEmit("r2", "a"));

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RequestTimeoutException.class)
                .hasMessage("timeout reached: 1 of 2 responses")
                .satisfies(e -> {
                    RequestTimeoutException timeout = (RequestTimeoutException) e;
                    assertThat(timeout.requestType()).isEqualTo(RequestType.SERVER_SIDE_EMIT);
                    assertThat(timeout.received()).isEqualTo(1);
                    assertThat(timeout.expected()).isEqualTo(2);
                    assertThat(timeout.partialResponses()).containsExactly(new Response.ServerSideEmit("r2", "a"));
                });
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void shouldCompleteAtOnceWhenNoResponseIsExpected() {
        assertThat(tracker.track("r3", RequestType.REMOTE_FETCH, 0, Duration.ofSeconds(1))).isCompletedWithValue(List.of());
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void shouldRemoveTheEntryWhenFailedOrClosed() {
        CompletableFuture<List<Response>> one = tracker.track("a", RequestType.ALL_ROOMS, 1, Duration.ofSeconds(5));
        CompletableFuture<List<Response>> two = tracker.track("b", RequestType.ALL_ROOMS, 1, Duration.ofSeconds(5));

        tracker.fail("a", new IllegalStateException("publish failed"));
        tracker.failAll(new IllegalStateException("closed"));

        assertThat(one).isCompletedExceptionally();
        assertThat(two).isCompletedExceptionally();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void shouldRejectADuplicateRequestId() {
        tracker.track("dup", RequestType.ALL_ROOMS, 1, Duration.ofSeconds(5));
        assertThatThrownBy(() -> tracker.track("dup", RequestType.ALL_ROOMS, 1, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class);
    }
}

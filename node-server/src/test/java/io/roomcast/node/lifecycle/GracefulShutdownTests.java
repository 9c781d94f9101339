package io.roomcast.node.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulShutdownTests {

    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger(3);

    @Test
    void shouldDrainCloseSessionsWaitAndThenCloseServersInOrder() {
        GracefulShutdown shutdown = GracefulShutdown.builder()
                .grace(Duration.ofSeconds(30))
                .stopAccepting(() -> steps.add("stopAccepting"))
                .closeAllSessions(() -> {
                    steps.add("closeAllSessions");
                    // Sessions end asynchronously, a little after they are told to close.
                    new Thread(() -> {
                        sleep(100);
                        sessions.set(0);
                    }).start();
                })
                .openSessions(() -> {
                    int n = sessions.get();
                    if (n == 0 && !steps.contains("sessions=0")) {
                        steps.add("sessions=0");
                    }
                    return n;
                })
                .thenClose(() -> steps.add("close cluster"), () -> steps.add("close server"))
                .build();
        var readiness = shutdown.readinessCheck();
        assertThat(readiness.name()).isEqualTo("draining");
        assertThat(readiness.isUp()).isTrue();

        shutdown.run();

        assertThat(readiness.isUp()).isFalse();
        assertThat(shutdown.isDraining()).isTrue();
        assertThat(steps).containsExactly("stopAccepting", "closeAllSessions", "sessions=0",
                "close cluster", "close server");
    }

    @Test
    void shouldCloseServersWhenTheGracePeriodEndsWithSessionsLeft() {
        GracefulShutdown shutdown = GracefulShutdown.builder()
                .grace(Duration.ofMillis(200))
                .stopAccepting(() -> { })
                .closeAllSessions(() -> { }) // clients that never go away
                .openSessions(sessions::get)
                .thenClose(() -> steps.add("close server"))
                .build();

        shutdown.run();

        assertThat(sessions.get()).isEqualTo(3);
        assertThat(steps).containsExactly("close server");
    }

    @Test
    void shouldRunLaterStepsWhenOneFails() {
        GracefulShutdown shutdown = GracefulShutdown.builder()
                .grace(Duration.ZERO)
                .stopAccepting(() -> {
                    throw new IllegalStateException("already unbound");
                })
                .closeAllSessions(() -> steps.add("closeAllSessions"))
                .openSessions(() -> 0)
                .thenClose(() -> {
                    throw new java.io.IOException("port gone");
                }, () -> steps.add("close admin"))
                .build();

        shutdown.run();

        assertThat(steps).containsExactly("closeAllSessions", "close admin");
    }

    @Test
    void shouldRunOnlyOnce() {
        AtomicInteger stops = new AtomicInteger();
        GracefulShutdown shutdown = GracefulShutdown.builder()
                .stopAccepting(stops::incrementAndGet)
                .closeAllSessions(() -> { })
                .openSessions(() -> 0)
                .build();

        shutdown.run();
        shutdown.run();

        assertThat(stops).hasValue(1);
    }

    @Test
    void shouldRegisterAsAJvmShutdownHook() {
        GracefulShutdown shutdown = GracefulShutdown.builder()
                .stopAccepting(() -> { }).closeAllSessions(() -> { }).openSessions(() -> 0).build();

        Thread hook = shutdown.installShutdownHook();

        // removeShutdownHook answers true only for a registered hook.
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.roomcast.spring.autoconfigure;

import io.roomcast.socketio.RoomcastServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starts the server once the context is refreshed and drains it when the context closes, in Boot's graceful
 * shutdown phase (the web server's, so both drain together): refuse new connections, close every session spread over
 * {@code roomcast.shutdown.drain-spread} (clients reconnect to the other instances), wait until none is left or
 * {@code roomcast.shutdown.grace} is over, close. Keep {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s)
 * at least the grace.
 */
final class RoomcastServerLifecycle implements SmartLifecycle {

    /** Boot's {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}: stops before other beans. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final Logger log = LoggerFactory.getLogger(RoomcastServerLifecycle.class);
    private static final long POLL_MILLIS = 50;

    private final RoomcastServer server;
    private final Duration grace;
    private final Duration spread;
    private volatile boolean running;

    RoomcastServerLifecycle(RoomcastServer server, Duration grace, Duration spread) {
        if (grace.isNegative() || spread.isNegative()) {
            throw new IllegalArgumentException("roomcast.shutdown.grace and drain-spread must be >= 0");
        }
        this.server = server;
        this.grace = grace;
        this.spread = spread.compareTo(grace) > 0 ? grace : spread;
    }

    @Override
    public void start() {
        server.start();
        running = true;
        log.info("Roomcast listening on {}:{} (Socket.IO at {})", server.options().host(), server.port(),
                server.options().engine().path());
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        long start = System.nanoTime();
        step("stop accepting connections", server::stopAccepting);
        int sessions = server.sessionCount();
        step("close " + sessions + " session(s) over " + spread, () -> server.closeAllSessions(spread));
        long deadline = start + grace.toNanos();
        while (server.sessionCount() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = server.sessionCount();
        if (left > 0) {
            log.warn("Roomcast shutdown: grace {} over with {} session(s) open; closing anyway", grace, left);
        }
        step("close", server::close);
        running = false;
        log.info("Roomcast shutdown: done in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Override
    public void stop(Runnable callback) {
        // off the thread that closes the context, so the web server's graceful shutdown runs at the same time
        Thread drain = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "roomcast-drain");
        drain.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static void step(String description, Runnable action) {
        log.info("Roomcast shutdown: {}", description);
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Roomcast shutdown: '{}' failed; continuing", description, e);
        }
    }
}

package io.roomcast.node.lifecycle;

import io.roomcast.node.http.ReadinessCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Drains the node on SIGTERM so that clients move to other nodes with as little loss as possible:
 * <ol>
 *   <li>readiness goes DOWN ({@link #readinessCheck()}, named {@code draining}) so the load balancer stops
 *       sending new clients here;</li>
 *   <li>{@code stopAccepting}: no new connections or handshakes;</li>
 *   <li>{@code closeAllSessions}: every session is closed from the server side; socket.io-client reconnects by
 *       itself, and lands on another node;</li>
 *   <li>waits until no session is left, or the grace period ({@code SHUTDOWN_GRACE}) is over;</li>
 *   <li>closes the servers, in the order given.</li>
 * </ol>
 * Each step is logged, and a failing step does not stop the ones after it. {@link #run()} does it all once and
 * returns, so tests drive it without a JVM exit; {@link #installShutdownHook()} runs it when the JVM is asked to
 * stop.
 */
public final class GracefulShutdown implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    private static final long POLL_MILLIS = 50;

    private final Duration grace;
    private final Runnable stopAccepting;
    private final Runnable closeAllSessions;
    private final IntSupplier openSessions;
    private final List<AutoCloseable> servers;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();

    private GracefulShutdown(Builder builder) {
        this.grace = Objects.requireNonNull(builder.grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0");
        }
        this.stopAccepting = Objects.requireNonNull(builder.stopAccepting, "stopAccepting");
        this.closeAllSessions = Objects.requireNonNull(builder.closeAllSessions, "closeAllSessions");
        this.openSessions = Objects.requireNonNull(builder.openSessions, "openSessions");
        this.servers = List.copyOf(builder.servers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Readiness check {@code draining}: up until shutdown starts. */
    public ReadinessCheck readinessCheck() {
        return ReadinessCheck.of("draining", () -> !draining.get());
    }

    public boolean isDraining() {
        return draining.get();
    }

    /**
     * Runs {@link #run()} when the JVM shuts down (SIGTERM, SIGINT, or {@code System.exit}).
     *
     * <p>This never calls {@code System.exit}: inside a shutdown hook it would block forever, since the JVM is
     * already exiting and {@code exit} waits for the very hooks that called it. The exit status is chosen by what
     * started the shutdown: {@code System.exit(n)} gives {@code n}, while SIGTERM gives 143 (128 + 15), which
     * Docker and Kubernetes treat as a normal stop.
     */
    public Thread installShutdownHook() {
        Thread hook = new Thread(this, "graceful-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Drains and closes; only the first call does anything, later calls return at once. */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        draining.set(true);
        log.info("Shutdown: readiness is DOWN (draining), grace period {}", grace);
        step("stop accepting connections", stopAccepting);
        int before = sessions();
        step("close " + before + " session(s); clients reconnect to other nodes", closeAllSessions);
        int left = awaitNoSessions(startNanos);
        if (left == 0) {
            log.info("Shutdown: all sessions closed");
        } else {
            log.warn("Shutdown: grace period {} over with {} session(s) still open; closing anyway", grace, left);
        }
        for (AutoCloseable server : servers) {
            step("close " + server.getClass().getSimpleName(), () -> {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        log.info("Shutdown: done in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** Polls the session count until it is 0 or the grace period (counted from the start of shutdown) is over. */
    private int awaitNoSessions(long startNanos) {
        long deadline = startNanos + grace.toNanos();
        int left = sessions();
        while (left > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Shutdown: interrupted while waiting for sessions to close");
                break;
            }
            left = sessions();
        }
        return left;
    }

    private int sessions() {
        try {
            return openSessions.getAsInt();
        } catch (RuntimeException e) {
            log.warn("Shutdown: cannot count open sessions", e);
            return 0;
        }
    }

    private static void step(String description, Runnable action) {
        log.info("Shutdown: {}", description);
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Shutdown: step '{}' failed; continuing", description, e);
        }
    }

    /** Collects the parts the shutdown drives; all but {@code servers} are required. */
    public static final class Builder {
        private Duration grace = Duration.ofSeconds(30);
        private Runnable stopAccepting;
        private Runnable closeAllSessions;
        private IntSupplier openSessions;
        private final List<AutoCloseable> servers = new ArrayList<>();

        private Builder() {
        }

        /** How long to wait for sessions to close ({@code SHUTDOWN_GRACE}); default 30 s. */
        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        /** Stops taking new connections (e.g. unbinds the client port or refuses handshakes). */
        public Builder stopAccepting(Runnable stopAccepting) {
            this.stopAccepting = stopAccepting;
            return this;
        }

        /** Closes every open session from the server side. */
        public Builder closeAllSessions(Runnable closeAllSessions) {
            this.closeAllSessions = closeAllSessions;
            return this;
        }

        /** Current number of open sessions; polled while waiting. */
        public Builder openSessions(IntSupplier openSessions) {
            this.openSessions = openSessions;
            return this;
        }

        /** Closed last, in the order added (e.g. the cluster adapter, the socket server, the management server). */
        public Builder thenClose(AutoCloseable... servers) {
            this.servers.addAll(List.of(servers));
            return this;
        }

        public GracefulShutdown build() {
            return new GracefulShutdown(this);
        }
    }
}

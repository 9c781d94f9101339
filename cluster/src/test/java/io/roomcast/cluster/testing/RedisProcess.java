package io.roomcast.cluster.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One {@code redis-server} or {@code redis-sentinel} child process of {@link RedisClusterFixture} or
 * {@link SentinelFixture}, on a fixed port so that a {@link #restart()} keeps its address (and, in a cluster, its
 * {@code nodes.conf}). Its output is appended to {@code target/<name>-<port>.log}.
 */
final class RedisProcess {

    private static final Logger log = LoggerFactory.getLogger(RedisProcess.class);

    /** Ports come from below Linux's ephemeral range (32768+), so no outgoing connection takes one between restarts. */
    private static final int LOWEST_PORT = 10_000;
    private static final int HIGHEST_PORT = 32_000;
    /** A cluster node also listens on its port + 10000 (the cluster bus). */
    static final int CLUSTER_BUS_OFFSET = 10_000;

    private List<String> command;
    private final int port;
    private final Path logFile;
    private Process process;

    private RedisProcess(List<String> command, int port, Path logFile) {
        this.command = List.copyOf(command);
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts {@code command} without waiting for it: call {@link #awaitPing(Duration)} to know it serves. */
    static RedisProcess start(String name, int port, List<String> command) {
        RedisProcess process = new RedisProcess(command, port, Path.of("target", name + "-" + port + ".log"));
        process.launch();
        return process;
    }

    int port() {
        return port;
    }

    Path logFile() {
        return logFile.toAbsolutePath();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this + " did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + this, e);
        }
    }

    /** Starts the same command again (kills the process first if it still runs) and waits until it answers PING. */
    void restart() {
        restart(command);
    }

    /** Like {@link #restart()}, with another command from now on (e.g. other flags). */
    void restart(List<String> newCommand) {
        if (isAlive()) {
            kill();
        }
        command = List.copyOf(newCommand);
        launch();
        awaitPing(Duration.ofSeconds(10));
    }

    void awaitPing(Duration timeout) {
        try {
            RedisFixture.awaitPing("127.0.0.1", port, timeout.toMillis());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (" + (isAlive() ? "running" : "exited") + "); see "
                    + logFile(), e);
        }
    }

    private void launch() {
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    @Override
    public String toString() {
        return command.get(0) + " on port " + port + (process == null ? "" : " (pid " + process.pid() + ")");
    }

    /**
     * A port on 127.0.0.1 that is free now and not in {@code taken}; with {@code clusterBus}, its cluster bus port
     * (port + 10000) is free and not taken too. Adds the port (and bus port) to {@code taken}.
     */
    static int freePort(Set<Integer> taken, boolean clusterBus) {
        int highest = clusterBus ? HIGHEST_PORT - CLUSTER_BUS_OFFSET : HIGHEST_PORT;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, highest);
            int bus = port + CLUSTER_BUS_OFFSET;
            if (taken.contains(port) || !canBind(port)
                    || clusterBus && (taken.contains(bus) || !canBind(bus))) {
                continue;
            }
            taken.add(port);
            if (clusterBus) {
                taken.add(bus);
            }
            return port;
        }
        throw new IllegalStateException("no free port between " + LOWEST_PORT + " and " + HIGHEST_PORT);
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code problem} until it returns null (the goal is reached), at most every 50 ms, and throws with the last
     * problem it described once {@code timeout} has passed. An exception from {@code problem} counts as a problem.
     */
    static void await(String goal, Duration timeout, Supplier<String> problem) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        String previous = null;
        RuntimeException lastFailure = null;
        while (true) {
            try {
                last = problem.get();
                lastFailure = null;
            } catch (RuntimeException e) {
                last = e.toString();
                lastFailure = e;
            }
            if (last == null) {
                return;
            }
            if (!last.equals(previous)) {
                log.debug("{}: {}", goal, last);
                previous = last;
            }
            if (System.nanoTime() - deadline >= 0) {
                IllegalStateException failure = new IllegalStateException(goal + " within " + timeout.toMillis()
                        + " ms: " + last);
                if (lastFailure != null) {
                    failure.initCause(lastFailure);
                }
                throw failure;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting: " + goal, e);
            }
        }
    }

    /** Deletes {@code dir} and everything in it; a test directory left behind is not worth failing a test for. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // left for the OS to clean the temp dir
        }
    }
}

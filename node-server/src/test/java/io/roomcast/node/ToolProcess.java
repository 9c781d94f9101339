package io.roomcast.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An external program running for a test, its output in a log file; closing kills it and its children. */
public final class ToolProcess implements AutoCloseable {

    private static final int MAX_OUTPUT_CHARS = 60_000;

    private final String name;
    private final Process process;
    private final Path log;

    private ToolProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ToolProcess start(String name, List<String> command, Path workDir, Map<String, String> env) {
        try {
            Path log = Files.createTempFile("roomcast-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new ToolProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Runs a command to completion; a run longer than {@code timeout} is killed and reported as exit code -1. */
    public static Result run(String name, List<String> command, Path workDir, Map<String, String> env, Duration timeout) {
        try (ToolProcess tool = start(name, command, workDir, env)) {
            boolean finished = tool.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(finished ? tool.process.exitValue() : -1, tool.output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Waits until something accepts TCP connections on {@code port}, failing early if the process died. */
    public ToolProcess awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(100));
            }
        }
        throw new AssertionError(name + " did not open port " + port + " within " + timeout + ":\n" + output());
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= MAX_OUTPUT_CHARS ? text : "...\n" + text.substring(text.length() - MAX_OUTPUT_CHARS);
        } catch (IOException e) {
            return "(cannot read the output of " + name + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** How a finished run ended. */
    public record Result(int exitCode, String output) {
    }
}

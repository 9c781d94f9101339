package io.roomcast.cluster.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A child process whose output goes to a log file; closing kills it and everything it started. */
record ChildProcess(String name, Process process, Path log) implements AutoCloseable {

    private static final int MAX_OUTPUT_CHARS = 60_000;
    private static final Pattern LISTENING = Pattern.compile("(?m)^listening (\\d+)$");

    /** Starts {@code command} in {@code dir} with extra environment variables, output (and errors) to a temp file. */
    static ChildProcess start(String name, List<String> command, Path dir, Map<String, String> env) {
        try {
            Path log = Files.createTempFile("roomcast-interop-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Waits for the {@code listening <port>} line both peers print when ready. */
    int awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(output());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
            }
            pause();
        }
        throw new AssertionError(name + " did not print `listening <port>` within " + timeout.toSeconds() + " s:\n" + output());
    }

    /** The output so far (its tail when long). */
    String output() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= MAX_OUTPUT_CHARS ? text : "...\n" + text.substring(text.length() - MAX_OUTPUT_CHARS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read output of " + name, e);
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

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a child process", e);
        }
    }
}

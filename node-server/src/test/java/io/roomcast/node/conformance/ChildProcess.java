package io.roomcast.node.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A child process whose output goes to a log file; closing kills it and everything it started. */
record ChildProcess(String name, Process process, Path log) implements AutoCloseable {

    private static final int MAX_OUTPUT_CHARS = 60_000;

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
}

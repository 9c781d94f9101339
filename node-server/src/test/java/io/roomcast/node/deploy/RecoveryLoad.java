package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One running {@code src/test/node/lb/recovery-load.js}: receivers and publishers (real socket.io-client 4.8.4)
 * chatting through the load balancer while the test restarts nodes. Its stdout is one JSON event a line
 * ({@code ready}, {@code status}, {@code report}); {@link #await} waits for an event, {@link #stop} ends the run and
 * returns the report. {@link #close} kills it if a test failed half way.
 */
final class RecoveryLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path reportFile;
    private final Path stderr;
    private final List<JsonNode> events = new ArrayList<>();
    private final StringBuilder rawOutput = new StringBuilder();

    private RecoveryLoad(Process process, Path reportFile, Path stderr) {
        this.process = process;
        this.reportFile = reportFile;
        this.stderr = stderr;
        Thread reader = new Thread(this::readEvents, "recovery-load-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Load shape: how many receivers, publishers and rooms, and the total publish rate in messages a second. */
    record Shape(int receivers, int publishers, int rooms, int ratePerSecond) {
        int clients() {
            return receivers + publishers;
        }
    }

    static RecoveryLoad start(String url, Shape shape, Path workDir, Duration maxRun) throws IOException {
        Path suiteDir = Tools.moduleDir().resolve("src/test/node");
        if (!Files.isRegularFile(suiteDir.resolve("node_modules/socket.io-client/package.json"))) {
            throw new AssertionError("run npm ci in node-server/src/test/node (missing node_modules/socket.io-client)");
        }
        Tools.require("node", "install Node.js 18+ (https://nodejs.org or apt-get install nodejs)", "--version");
        Path reportFile = workDir.resolve("recovery-load-report.json");
        Path stderr = workDir.resolve("recovery-load.stderr");
        Process process = new ProcessBuilder("node", "lb/recovery-load.js", "--url", url,
                "--receivers", String.valueOf(shape.receivers()),
                "--publishers", String.valueOf(shape.publishers()),
                "--rooms", String.valueOf(shape.rooms()),
                "--rate", String.valueOf(shape.ratePerSecond()),
                "--max-ms", String.valueOf(maxRun.toMillis()),
                "--report", reportFile.toString())
                .directory(suiteDir.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new RecoveryLoad(process, reportFile, stderr);
    }

    private void readEvents() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode event = null;
                if (line.startsWith("{")) {
                    try {
                        event = JSON.readTree(line);
                    } catch (IOException notJson) {
                        // kept in rawOutput only
                    }
                }
                synchronized (this) {
                    rawOutput.append(line).append('\n');
                    if (event != null) {
                        events.add(event);
                    }
                    notifyAll();
                }
            }
        } catch (IOException closed) {
            // the process ended
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /**
     * Waits for the first event named {@code name} at or after {@code sinceMillis} (the client's own clock,
     * milliseconds since it started) that {@code condition} accepts; fails with {@code what} and the client's output.
     */
    synchronized JsonNode await(String name, long sinceMillis, Predicate<JsonNode> condition, Duration timeout,
                                String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < events.size(); seen++) {
                JsonNode event = events.get(seen);
                if (event.path("event").asText().equals("failed")) {
                    throw new AssertionError("recovery-load.js failed: " + event + "\n" + output());
                }
                if (event.path("event").asText().equals(name) && event.path("t").asLong() >= sinceMillis
                        && condition.test(event)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last event: "
                        + (events.isEmpty() ? "none" : events.get(events.size() - 1)) + "\n" + tail());
            }
            if (!process.isAlive() && seen == events.size()) {
                throw new AssertionError("recovery-load.js exited (" + exitValueOrRunning() + ") while waiting for "
                        + what + "\n" + output());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    /** The client's clock now: the time of its latest event. */
    synchronized long clientNow() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).path("t").asLong();
    }

    /** Disconnects counted so far (latest status line), 0 before the first one. */
    synchronized int disconnectsSoFar() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).path("event").asText().equals("status")) {
                return events.get(i).path("disconnects").asInt();
            }
        }
        return 0;
    }

    /** Sends {@code stop}, waits for the report (settling included) and returns it. */
    JsonNode stop(Duration timeout) throws InterruptedException, IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        await("report", 0, event -> true, timeout, "the load report");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("recovery-load.js still running 10 s after its report\n" + tail());
        }
        return JSON.readTree(reportFile.toFile());
    }

    synchronized String output() {
        String err;
        try {
            err = Files.isRegularFile(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rawOutput + (err.isEmpty() ? "" : "stderr:\n" + err);
    }

    private String tail() {
        String all = output();
        return all.length() <= 4000 ? all : "...\n" + all.substring(all.length() - 4000);
    }

    private String exitValueOrRunning() {
        return process.isAlive() ? "running" : "exit " + process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

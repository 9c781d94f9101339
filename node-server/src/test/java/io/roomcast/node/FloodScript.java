package io.roomcast.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code src/test/node/limits/flood.js} (real socket.io-client 4.8.4) in its own node process: a flooder
 * or a control room's sender and receiver. {@link #report} waits for it and returns the JSON it printed last.
 */
final class FloodScript implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path output;
    private final List<String> command;

    private FloodScript(Process process, Path output, List<String> command) {
        this.process = process;
        this.output = output;
        this.command = command;
    }

    /** Starts {@code node limits/flood.js <mode> --url http://127.0.0.1:<port> <args>}. */
    static FloodScript start(String mode, int port, String... args) throws IOException {
        Path suiteDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/node").toAbsolutePath().normalize();
        if (!Files.isRegularFile(suiteDir.resolve("node_modules/socket.io-client/package.json"))) {
            throw new AssertionError("run npm ci in node-server/src/test/node (missing node_modules/socket.io-client)");
        }
        List<String> command = new ArrayList<>(List.of("node", "limits/flood.js", mode, "--url",
                "http://127.0.0.1:" + port));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("roomcast-flood-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(suiteDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            return new FloodScript(process, output, command);
        } catch (IOException e) {
            Files.deleteIfExists(output);
            throw new AssertionError("cannot run node (install Node.js 18+): " + command, e);
        }
    }

    /** Waits for the script to end within {@code timeout} and returns its report. */
    JsonNode report(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish within " + timeout + ":\n" + text());
        }
        String text = text();
        String last = text.strip().lines().reduce((first, second) -> second).orElse("");
        if (process.exitValue() != 0 || !last.startsWith("{")) {
            throw new AssertionError(command + " failed (status " + process.exitValue() + "):\n" + text);
        }
        return JSON.readTree(last);
    }

    private String text() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(output);
    }
}

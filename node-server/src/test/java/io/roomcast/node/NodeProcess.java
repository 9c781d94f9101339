package io.roomcast.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A socket node started as a real child JVM (main class, test class path), as a user starts the jar. Public for the
 * deployment tests ({@code io.roomcast.node.deploy}), which restart nodes on fixed ports behind HAProxy.
 */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    public final int port;
    public final int managementPort;

    private NodeProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts a node; {@code extraEnv} may fix {@code PORT} and {@code MANAGEMENT_PORT} (free ports otherwise). */
    public static NodeProcess start(Map<String, String> extraEnv) throws IOException {
        return start(extraEnv, List.of());
    }

    /** As {@link #start(Map)}, with JVM options before the main class (e.g. {@code -XX:TieredStopAtLevel=1}). */
    public static NodeProcess start(Map<String, String> extraEnv, List<String> jvmOptions) throws IOException {
        Path log = Files.createTempFile("roomcast-node", ".log");
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(freePort()));
        env.put("MANAGEMENT_PORT", String.valueOf(freePort()));
        env.put("HOST", "127.0.0.1");
        env.putAll(extraEnv);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeServer.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.equals("REDIS_URL") || k.equals("JWT_SECRET"));
        builder.environment().putAll(env);
        return new NodeProcess(builder.start(), log, intOrZero(env.get("PORT")), intOrZero(env.get("MANAGEMENT_PORT")));
    }

    /** Waits until {@code /health/ready} answers 200, or fails with the node's output. */
    public NodeProcess awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node not ready within " + timeout + ":\n" + output());
    }

    /** Sends SIGTERM (what Process.destroy does on Linux). */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as a crashed node or an OOM kill: no drain, nothing saved. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(log);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static int intOrZero(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

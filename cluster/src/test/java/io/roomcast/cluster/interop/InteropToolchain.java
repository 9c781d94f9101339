package io.roomcast.cluster.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the interop suite needs on this machine: {@code node} 18+, the suite's {@code node_modules} and (unless
 * REDIS_URL points at a Redis) {@code redis-server}. Missing parts fail with what to install, never skip.
 */
final class InteropToolchain {

    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    private static final int MIN_NODE_MAJOR = 18;
    private static final List<String> REQUIRED_MODULES = List.of("socket.io", "socket.io-client", "redis",
            "@socket.io/redis-adapter", "@socket.io/redis-emitter", "@socket.io/redis-streams-adapter");

    /** The directory holding package.json, node-peer.js and the test files. */
    final Path suiteDir;

    private InteropToolchain(Path suiteDir) {
        this.suiteDir = suiteDir;
    }

    static InteropToolchain verified() {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path suiteDir = moduleDir.resolve("src/test/interop").toAbsolutePath().normalize();
        if (!Files.isRegularFile(suiteDir.resolve("package.json"))) {
            throw new AssertionError("interop suite not found at " + suiteDir + " (run the tests from cluster/)");
        }
        String version = version(List.of("node", "--version"), "install Node.js " + MIN_NODE_MAJOR + "+");
        Matcher matcher = NODE_VERSION.matcher(version);
        if (!matcher.lookingAt() || Integer.parseInt(matcher.group(1)) < MIN_NODE_MAJOR) {
            throw new AssertionError("install Node.js " + MIN_NODE_MAJOR + "+ (found node " + version + ")");
        }
        for (String module : REQUIRED_MODULES) {
            if (!Files.isRegularFile(suiteDir.resolve("node_modules").resolve(module).resolve("package.json"))) {
                throw new AssertionError("run npm ci in cluster/src/test/interop (missing node_modules/" + module + ")");
            }
        }
        return new InteropToolchain(suiteDir);
    }

    /** Checks that redis-server can run; the message says what to install. */
    static void requireRedisServer() {
        version(List.of("redis-server", "--version"), "install redis-server (Debian: apt-get install redis-server),"
                + " or set REDIS_URL to a Redis the tests may use");
    }

    private static String version(List<String> command, String fix) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(fix + " (`" + String.join(" ", command) + "` failed: " + out + ")");
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(fix + " (" + command.get(0) + " not found on PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}

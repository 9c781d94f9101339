package io.roomcast.node.conformance;

import io.roomcast.node.ToolProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js toolchain the conformance suite needs: {@code node} 18+ on the PATH and the suite's
 * {@code node_modules}. Missing parts fail with what to install, never skip.
 */
final class NodeJs {

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.");
    private static final int MIN_MAJOR = 18;
    private static final List<String> REQUIRED_MODULES = List.of("socket.io", "socket.io-client", "ws", "jsonwebtoken");

    /** The directory holding package.json, reference-server.js and the node test files. */
    final Path suiteDir;

    private NodeJs(Path suiteDir) {
        this.suiteDir = suiteDir;
    }

    /** Checks node and the suite's dependencies; throws AssertionError with the fix when one is missing. */
    static NodeJs verified() {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path suiteDir = moduleDir.resolve("src/test/node").toAbsolutePath().normalize();
        if (!Files.isRegularFile(suiteDir.resolve("package.json"))) {
            throw new AssertionError("conformance suite not found at " + suiteDir + " (run the tests from node-server/)");
        }
        String version = nodeVersion();
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.lookingAt() || Integer.parseInt(matcher.group(1)) < MIN_MAJOR) {
            throw new AssertionError("install Node.js " + MIN_MAJOR + "+ (found node " + version + ")");
        }
        for (String module : REQUIRED_MODULES) {
            if (!Files.isRegularFile(suiteDir.resolve("node_modules").resolve(module).resolve("package.json"))) {
                throw new AssertionError("run npm ci in node-server/src/test/node (missing node_modules/" + module + ")");
            }
        }
        return new NodeJs(suiteDir);
    }

    private static String nodeVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("install Node.js " + MIN_MAJOR + "+ (`node --version` failed: " + out + ")");
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("install Node.js " + MIN_MAJOR + "+ (node not found on PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking node --version", e);
        }
    }

    /** Starts {@code node <args>} in the suite directory with extra environment variables, output to a file. */
    ToolProcess start(String name, List<String> args, Map<String, String> env) {
        return ToolProcess.start("conformance-" + name, command(args), suiteDir, env);
    }

    /** Runs {@code node <args>} to completion within {@code timeout}; the process is killed on timeout. */
    Result run(String name, List<String> args, Map<String, String> env, Duration timeout) {
        try (ToolProcess child = start(name, args, env)) {
            boolean finished = child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(finished ? child.process().exitValue() : -1, finished, child.output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running node " + args, e);
        }
    }

    private static List<String> command(List<String> args) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("node"), args.stream()).toList();
    }

    /** How a node run ended. */
    record Result(int exitCode, boolean finished, String output) {
    }
}

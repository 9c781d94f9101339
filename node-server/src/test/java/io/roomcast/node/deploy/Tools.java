package io.roomcast.node.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The programs and repository files the deployment tests need; a missing one fails with what to install. */
final class Tools {

    private Tools() {
    }

    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    static Path repoFile(String relative) {
        Path path = moduleDir().resolveSibling(relative).normalize();
        if (!Files.exists(path)) {
            throw new AssertionError(path + " not found (run the tests from the node-server module)");
        }
        return path;
    }

    /** Fails with the install hint unless {@code program} runs; returns its name for the command line. */
    static String require(String program, String installHint, String... versionArgs) {
        List<String> command = new java.util.ArrayList<>(List.of(program));
        command.addAll(List.of(versionArgs));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("`" + String.join(" ", command) + "` did not finish; " + installHint);
            }
            return program;
        } catch (IOException e) {
            throw new AssertionError(program + " not found on the PATH: " + installHint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command to completion; returns its exit status and combined output. */
    static Result run(Path dir, Duration timeout, List<String> command) {
        try {
            Path output = Files.createTempFile("roomcast-deploy-", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    throw new AssertionError(command + " did not finish within " + timeout + ":\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    record Result(int status, String output) {
    }
}

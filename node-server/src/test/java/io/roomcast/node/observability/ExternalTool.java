package io.roomcast.node.observability;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A program these tests run (prometheus, promtool, redis-server, haproxy, chromium, node). A missing one fails the
 * test with the package to install: a missing tool is a broken test machine, not a reason to skip.
 */
record ExternalTool(String command, String installHint) {

    static final ExternalTool PROMETHEUS = new ExternalTool("prometheus", "apt-get install prometheus");
    static final ExternalTool PROMTOOL = new ExternalTool("promtool", "apt-get install prometheus");
    static final ExternalTool HAPROXY = new ExternalTool("haproxy", "apt-get install haproxy");
    static final ExternalTool CHROMIUM = new ExternalTool("chromium", "apt-get install chromium");
    static final ExternalTool NODE = new ExternalTool("node", "install Node.js 18+ (apt-get install nodejs npm)");
    static final ExternalTool NPM = new ExternalTool("npm", "apt-get install npm");

    /** The absolute path of the program, from the PATH or /usr/sbin (haproxy lives there on Debian). */
    Path path() {
        return find().orElseThrow(() -> new AssertionError(
                command + " is needed by this test and was not found on the PATH: " + installHint));
    }

    private Optional<Path> find() {
        String pathVariable = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin";
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}

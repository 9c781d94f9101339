package io.roomcast.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's configuration table: the constants of {@code io.roomcast.node.config.ConfigVariable} with their
 * defaults, read from node-server's source in this checkout. Reading the source (not a node-server jar) keeps the
 * chart tests in step with the node being edited next to them, without building node-server first.
 */
final class NodeConfiguration {

    private static final Path SOURCE = Path.of("node-server", "src", "main", "java", "io", "roomcast", "node",
            "config", "ConfigVariable.java");
    /** An enum constant line: {@code NAME("default", "meaning")}. */
    private static final Pattern CONSTANT = Pattern.compile("(?m)^\\s{4}([A-Z][A-Z0-9_]*)\\(\\s*\"([^\"]*)\"");

    private NodeConfiguration() {
    }

    /** Variable name to its default as the README table shows it, in declaration order. */
    static Map<String, String> variables() {
        Path source = ChartFiles.repositoryRoot().resolve(SOURCE);
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node's configuration table from " + source, e);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher matcher = CONSTANT.matcher(text);
        while (matcher.find()) {
            variables.put(matcher.group(1), matcher.group(2));
        }
        if (!variables.containsKey("PORT") || !variables.containsKey("MANAGEMENT_PORT")) {
            throw new IllegalStateException("no PORT/MANAGEMENT_PORT constants found in " + source);
        }
        return variables;
    }
}

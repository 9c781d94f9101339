package io.roomcast.node.config;

import java.util.List;

/** The node's configuration is invalid; the message lists every problem at once, so one restart fixes them all. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One sentence per bad variable, in {@link ConfigVariable} order. */
    public List<String> problems() {
        return problems;
    }
}

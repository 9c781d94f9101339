package io.roomcast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the chart and of the files it embeds, read from this checkout (the module directory is helm/). */
final class ChartFiles {

    static final String ALERTS = "files/alerts/roomcast-alerts.yml";
    static final String DASHBOARD = "files/dashboards/roomcast.json";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChartFiles() {
    }

    static Path chartDirectory() {
        Path chart = Path.of("roomcast").toAbsolutePath();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException("run the tests from the helm/ module directory: no " + chart
                    + "/Chart.yaml");
        }
        return chart;
    }

    /** The repository root (parent of helm/). */
    static Path repositoryRoot() {
        return chartDirectory().getParent().getParent();
    }

    /** A file the chart embeds; fails with what is missing, since the chart cannot be released without it. */
    static Path embedded(String relative) {
        Path file = chartDirectory().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " is missing: the chart embeds it (owner: the dashboards/alerts work)");
        }
        return file;
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Converts a model object (or a Map) to a tree for structural comparison. */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}

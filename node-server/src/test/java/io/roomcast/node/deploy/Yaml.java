package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a YAML file (compose, Prometheus config) into a JSON tree. SnakeYAML (which Jackson's YAML module brings)
 * resolves anchors and merge keys ({@code <<: *node}) as Docker Compose does; Jackson's own YAML tree does not.
 */
final class Yaml {

    private Yaml() {
    }

    static JsonNode read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return new ObjectMapper().valueToTree(document);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }
}

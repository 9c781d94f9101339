package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reads a YAML file into a JSON tree with PyYAML (anchors and merge keys included, as Docker Compose reads them).
 * node-server has no YAML library on its test class path; python3 with PyYAML is a Debian package away.
 */
final class Yaml {

    private static final String INSTALL = "install Python 3 with PyYAML (Debian/Ubuntu: apt-get install python3-yaml)";
    private static final String TO_JSON =
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))";

    private Yaml() {
    }

    static JsonNode read(Path file) {
        Tools.require("python3", INSTALL, "--version");
        Tools.Result result = Tools.run(file.getParent(), Duration.ofSeconds(30), List.of("python3", "-c", TO_JSON,
                file.toString()));
        if (result.output().contains("No module named 'yaml'")) {
            throw new AssertionError(INSTALL);
        }
        if (result.status() != 0) {
            throw new AssertionError(file + " is not valid YAML:\n" + result.output());
        }
        try {
            return new ObjectMapper().readTree(result.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.roomcast.node.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository these tests check, found from the node-server module directory. */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    static Path dashboard() {
        return existing(moduleDir().resolveSibling("helm/roomcast/files/dashboards/roomcast.json"));
    }

    static Path alertRules() {
        return existing(moduleDir().resolveSibling("helm/roomcast/files/alerts/roomcast-alerts.yml"));
    }

    /** promtool unit tests of the alert rules ({@code promtool test rules}); they name the rules file relatively. */
    static Path alertRuleTests() {
        return existing(moduleDir().resolve("src/test/resources/alerts/recovery-alerts-test.yml"));
    }

    /** promtool unit tests of the Redis stall and publish-timeout alerts. */
    static Path redisAlertRuleTests() {
        return existing(moduleDir().resolve("src/test/resources/alerts/redis-alerts-test.yml"));
    }

    static Path browserSuite() {
        return existing(moduleDir().resolve("src/test/node/browser"));
    }

    static Path adminUiSuite() {
        return existing(moduleDir().resolve("src/test/node/admin-ui"));
    }

    /** Where tests keep what a person may want to look at afterwards (screenshots); under target/, not committed. */
    static Path artifacts() {
        try {
            return Files.createDirectories(moduleDir().resolve("target/test-artifacts"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new AssertionError(path + " not found (run the tests from the node-server module)");
        }
        return path;
    }
}

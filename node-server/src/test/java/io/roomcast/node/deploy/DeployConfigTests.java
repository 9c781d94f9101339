package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container and nginx deployments cannot run here (no Docker engine, no nginx), so these tests check what can
 * be checked without them: the compose file is valid YAML describing the local cluster's topology, its HAProxy and
 * Prometheus configurations pass haproxy -c and promtool, the Dockerfile copies paths that exist and its
 * HEALTHCHECK command really probes a node's readiness.
 */
class DeployConfigTests {

    private static final List<String> NODES = List.of("node1", "node2", "node3");

    private final Path composeDir = Tools.repoFile("deploy/docker");
    private final Path repoRoot = Tools.moduleDir().getParent();

    @Test
    void shouldDescribeRedisThreeNodesHaproxyAndPrometheusInTheComposeFile() {
        JsonNode services = Yaml.read(composeDir.resolve("docker-compose.yml")).path("services");

        assertThat(names(services)).containsExactlyInAnyOrder("redis", "node1", "node2", "node3", "haproxy",
                "prometheus");
        Set<String> nodeIds = new HashSet<>();
        Set<String> managementHostPorts = new HashSet<>();
        for (String node : NODES) {
            JsonNode service = services.path(node);
            Path context = composeDir.resolve(service.path("build").path("context").asText()).normalize();
            assertThat(context).isEqualTo(repoRoot);
            assertThat(context.resolve(service.path("build").path("dockerfile").asText())).isRegularFile()
                    .isEqualTo(Tools.moduleDir().resolve("Dockerfile"));
            assertThat(service.path("environment").path("REDIS_URL").asText()).isEqualTo("redis://redis:6379");
            nodeIds.add(service.path("environment").path("NODE_ID").asText());
            service.path("ports").forEach(port -> {
                assertThat(port.asText()).endsWith(":9091");
                managementHostPorts.add(port.asText());
            });
            assertThat(service.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
        }
        assertThat(nodeIds).as("distinct NODE_IDs").hasSize(NODES.size());
        assertThat(managementHostPorts).as("one management port per node").hasSize(NODES.size());
        assertThat(names(services.path("haproxy").path("depends_on"))).containsExactlyInAnyOrderElementsOf(NODES);

        for (String service : List.of("haproxy", "prometheus")) {
            services.path(service).path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                assertThat(composeDir.resolve(source).normalize()).as("%s volume %s", service, volume).exists();
            });
        }
    }

    @Test
    void shouldAcceptTheComposeHaproxyConfigWithStickyCookiesForEveryNode() throws IOException {
        Path config = composeDir.resolve("haproxy.cfg");
        Tools.require("haproxy", "install HAProxy 2.4+ (Debian/Ubuntu: apt-get install haproxy)", "-v");
        Tools.Result check = Tools.run(composeDir, Duration.ofSeconds(30), List.of("haproxy", "-c", "-f",
                config.toString()));
        assertThat(check.status()).as(check.output()).isZero();

        String text = Files.readString(config, StandardCharsets.UTF_8);
        assertThat(text).contains("cookie SERVERID insert indirect nocache", "timeout tunnel 1h",
                "uri /health/ready");
        for (String node : NODES) {
            assertThat(text).contains("server " + node + " " + node + ":3000 check port 9091 cookie " + node);
        }
    }

    @Test
    void shouldPassPromtoolAndScrapeEveryComposeNode(@TempDir Path tmp) throws IOException {
        Tools.require("promtool", "install Prometheus' promtool (Debian/Ubuntu: apt-get install prometheus)",
                "--version");
        Path config = composeDir.resolve("prometheus.yml");
        // The compose file mounts the repository's alert rules at /etc/prometheus/rules; point there instead.
        Path local = tmp.resolve("prometheus.yml");
        Files.writeString(local, Files.readString(config, StandardCharsets.UTF_8).replace("/etc/prometheus/rules/",
                repoRoot.resolve("helm/roomcast/files/alerts") + "/"));
        Tools.Result check = Tools.run(tmp, Duration.ofSeconds(30), List.of("promtool", "check", "config",
                local.toString()));
        assertThat(check.status()).as(check.output()).isZero();

        List<String> targets = new ArrayList<>();
        Yaml.read(config).path("scrape_configs").forEach(job -> job.path("static_configs").forEach(
                group -> group.path("targets").forEach(target -> targets.add(target.asText()))));
        assertThat(targets).containsExactlyInAnyOrder("node1:9091", "node2:9091", "node3:9091");
    }

    @Test
    void shouldBuildFromExistingPathsAndRunAsNonRootOnAJre() throws IOException {
        Dockerfile dockerfile = Dockerfile.read(Tools.moduleDir().resolve("Dockerfile"));

        assertThat(dockerfile.lastFrom()).startsWith("eclipse-temurin:17-jre");
        assertThat(dockerfile.lastStage("USER")).hasSize(1).allMatch(user -> !user.startsWith("0")
                && !user.startsWith("root"));
        assertThat(String.join(" ", dockerfile.lastStage("EXPOSE")).split("\\s+")).contains("3000", "9091");
        for (String source : dockerfile.copySourcesFromContext()) {
            assertThat(repoRoot.resolve(source)).as("COPY source %s", source).exists();
        }
        // The runtime stage copies the jar the pom builds (finalName node-server, shaded).
        assertThat(dockerfile.lastStage("COPY")).anyMatch(copy -> copy.contains("node-server/target/node-server.jar"));
        assertThat(Files.readString(Tools.moduleDir().resolve("pom.xml"))).contains("<finalName>node-server</finalName>");
    }

    @Test
    void shouldProbeReadinessWithTheDockerfileHealthcheck() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(Tools.moduleDir().resolve("Dockerfile"));
        List<String> probe = dockerfile.healthcheckCommand();
        assertThat(probe).isNotEmpty();

        int port = freePort();
        int managementPort = freePort();
        ProcessBuilder node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NodeServer.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        node.environment().keySet().removeIf(k -> k.equals("REDIS_URL") || k.equals("JWT_SECRET"));
        node.environment().put("PORT", String.valueOf(port));
        node.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
        node.environment().put("HOST", "127.0.0.1");
        Process process = node.start();
        try {
            assertThat(probeUntilHealthy(probe, managementPort, Duration.ofSeconds(60)))
                    .as("HEALTHCHECK passes once the node is ready").isTrue();
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(runProbe(probe, managementPort)).as("HEALTHCHECK against a stopped node").isNotZero();
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldHashClientsToNodesAndForwardWebSocketUpgradesInTheNginxExample() throws IOException {
        String conf = Files.readString(Tools.repoFile("deploy/nginx/roomcast.conf"), StandardCharsets.UTF_8);
        String upstream = conf.substring(conf.indexOf("upstream roomcast_nodes"), conf.indexOf('}',
                conf.indexOf("upstream roomcast_nodes")));
        assertThat(upstream).containsAnyOf("hash $remote_addr consistent;", "ip_hash;");
        assertThat(conf).contains("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                "proxy_set_header Connection $roomcast_connection_upgrade;", "proxy_read_timeout 1h;");
    }

    private static boolean probeUntilHealthy(List<String> probe, int managementPort, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (runProbe(probe, managementPort) == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static int runProbe(List<String> probe, int managementPort) throws InterruptedException {
        try {
            ProcessBuilder builder = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new AssertionError("cannot run the HEALTHCHECK command " + probe, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The instructions of a Dockerfile, continuation lines joined, comments dropped. */
    private record Dockerfile(List<String[]> instructions) {

        static Dockerfile read(Path file) throws IOException {
            List<String[]> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                current.append(trimmed);
                String[] parts = current.toString().split("\\s+", 2);
                instructions.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""});
                current.setLength(0);
            }
            return new Dockerfile(instructions);
        }

        String lastFrom() {
            return lastStageStart()[1];
        }

        List<String> lastStage(String keyword) {
            List<String> values = new ArrayList<>();
            boolean inLast = false;
            for (String[] instruction : instructions) {
                inLast |= instruction == lastStageStart();
                if (inLast && instruction[0].equals(keyword)) {
                    values.add(instruction[1]);
                }
            }
            return values;
        }

        /** Sources of COPY instructions that read the build context (not --from another stage). */
        List<String> copySourcesFromContext() {
            List<String> sources = new ArrayList<>();
            for (String[] instruction : instructions) {
                if (instruction[0].equals("COPY") && !instruction[1].contains("--from=")) {
                    String[] words = instruction[1].split("\\s+");
                    for (int i = 0; i < words.length - 1; i++) {
                        sources.add(words[i]);
                    }
                }
            }
            return sources;
        }

        /** The exec-form command of HEALTHCHECK ... CMD [...]. */
        List<String> healthcheckCommand() throws IOException {
            for (String[] instruction : instructions) {
                if (instruction[0].equals("HEALTHCHECK")) {
                    String json = instruction[1].substring(instruction[1].indexOf("CMD") + 3).strip();
                    List<String> command = new ArrayList<>();
                    new ObjectMapper().readTree(json).forEach(word -> command.add(word.asText()));
                    return command;
                }
            }
            return List.of();
        }

        private String[] lastStageStart() {
            String[] last = null;
            for (String[] instruction : instructions) {
                if (instruction[0].equals("FROM")) {
                    last = instruction;
                }
            }
            return last;
        }
    }
}

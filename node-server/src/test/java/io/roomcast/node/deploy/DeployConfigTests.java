package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;

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
 * Prometheus configurations pass haproxy -c and promtool, the nodes run the image node-server/pom.xml builds and
 * their healthcheck command really probes a node's readiness. The image itself: packaging-tests' NodeImageE2ETests.
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
            assertThat(service.path("build").isMissingNode()).as("%s is not built by compose", node).isTrue();
            assertThat(service.path("image").asText()).as("%s runs the image Jib builds", node)
                    .isEqualTo(jibImage());
            assertThat(service.path("healthcheck").path("test")).as("%s healthcheck", node).isNotEmpty();
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
    void shouldProbeReadinessWithTheComposeHealthcheck() throws Exception {
        List<String> probe = composeHealthcheck();
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
                    .as("healthcheck passes once the node is ready").isTrue();
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(runProbe(probe, managementPort)).as("healthcheck against a stopped node").isNotZero();
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
            throw new AssertionError("cannot run the healthcheck command " + probe, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The nodes' compose healthcheck as the container runs it: after CMD, with compose's $$ unescaped. */
    private List<String> composeHealthcheck() {
        JsonNode test = Yaml.read(composeDir.resolve("docker-compose.yml")).path("services").path("node1")
                .path("healthcheck").path("test");
        assertThat(test.path(0).asText()).isEqualTo("CMD");
        List<String> command = new ArrayList<>();
        for (int i = 1; i < test.size(); i++) {
            command.add(test.path(i).asText().replace("$$", "$"));
        }
        return command;
    }

    /** The image node-server/pom.xml's Jib configuration names, ${project.version} resolved. */
    private static String jibImage() {
        try {
            String pom = Files.readString(Tools.moduleDir().resolve("pom.xml"), StandardCharsets.UTF_8);
            String version = pom.substring(pom.indexOf("<version>", pom.indexOf("<parent>")) + "<version>".length(),
                    pom.indexOf("</version>", pom.indexOf("<parent>")));
            int to = pom.indexOf("<to>");
            String image = pom.substring(pom.indexOf("<image>", to) + "<image>".length(), pom.indexOf("</image>", to));
            return image.replace("${project.version}", version);
        } catch (IOException e) {
            throw new AssertionError("cannot read node-server/pom.xml", e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

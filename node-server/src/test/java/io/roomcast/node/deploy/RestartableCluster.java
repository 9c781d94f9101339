package io.roomcast.node.deploy;

import io.roomcast.node.NodeProcess;
import io.roomcast.node.RedisServerProcess;
import io.roomcast.node.ToolProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis, N node processes on fixed ports and HAProxy in front with the configuration deploy/local-cluster.sh
 * generates (deploy/haproxy/haproxy.cfg.template with sticky.policy: SERVERID cookie, sid stick table, readiness
 * checks every second), so that a test can stop, kill and start each node again, as a rolling deploy does. Unlike
 * {@link LocalCluster}, the test owns every process. Everything listens on 127.0.0.1; {@link #close} stops it all.
 */
final class RestartableCluster implements AutoCloseable {

    /**
     * As LocalCluster's nodes: start-up cost matters more than peak speed when a node restarts on a 2-core machine
     * under load (C2 compiling during the boot doubled the restart time).
     */
    private static final List<String> NODE_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path workDir;
    private final Map<String, String> nodeEnv;
    private final RedisServerProcess redis;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Integer> managementPorts = new ArrayList<>();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<NodeProcess> stopped = new ArrayList<>();
    private final int lbPort;
    private final int statsPort;
    private ToolProcess haproxy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RestartableCluster(Path workDir, int nodeCount, Map<String, String> nodeEnv) throws IOException {
        this.workDir = workDir;
        this.nodeEnv = Map.copyOf(nodeEnv);
        this.redis = RedisServerProcess.start();
        for (int i = 0; i < nodeCount; i++) {
            ports.add(NodeProcess.freePort());
            managementPorts.add(NodeProcess.freePort());
        }
        this.lbPort = NodeProcess.freePort();
        this.statsPort = NodeProcess.freePort();
    }

    /** Starts Redis, the nodes (in parallel, each ready) and HAProxy (every node UP in its checks). */
    static RestartableCluster start(Path workDir, int nodeCount, Map<String, String> nodeEnv) throws Exception {
        Tools.require("haproxy", "install HAProxy 2.4+ (Debian/Ubuntu: apt-get install haproxy)", "-v");
        RestartableCluster cluster = new RestartableCluster(workDir, nodeCount, nodeEnv);
        try {
            long started = System.nanoTime();
            for (int i = 0; i < nodeCount; i++) {
                cluster.nodes.add(NodeProcess.start(cluster.envOf(i), NODE_JVM));
            }
            for (int i = 0; i < nodeCount; i++) {
                cluster.nodes.get(i).awaitReady(Duration.ofSeconds(60));
            }
            cluster.startHaproxy();
            for (int i = 0; i < nodeCount; i++) {
                cluster.awaitUpInHaproxy(i, Duration.ofSeconds(15));
            }
            System.out.printf("cluster of %d nodes (%s) ready after %d ms%n", nodeCount, nodeEnv,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return cluster;
        } catch (Throwable e) {
            cluster.close();
            throw e;
        }
    }

    String lbUrl() {
        return "http://127.0.0.1:" + lbPort;
    }

    static String name(int node) {
        return "node-" + (node + 1);
    }

    private Map<String, String> envOf(int node) {
        Map<String, String> env = new HashMap<>(nodeEnv);
        env.put("PORT", String.valueOf(ports.get(node)));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPorts.get(node)));
        env.put("HOST", "127.0.0.1");
        env.put("NODE_ID", name(node));
        env.put("REDIS_URL", redis.url());
        return env;
    }

    private void startHaproxy() throws IOException {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < ports.size(); i++) {
            servers.append("    server ").append(name(i)).append(" 127.0.0.1:").append(ports.get(i))
                    .append(" check port ").append(managementPorts.get(i)).append(" cookie ").append(name(i))
                    .append('\n');
        }
        String config = Files.readString(Tools.repoFile("deploy/haproxy/haproxy.cfg.template"))
                .replace("@BACKEND_POLICY@", Files.readString(Tools.repoFile("deploy/haproxy/sticky.policy")).stripTrailing())
                .replace("@SERVERS@", servers.toString().stripTrailing())
                .replace("@LB_PORT@", String.valueOf(lbPort))
                .replace("@STATS_PORT@", String.valueOf(statsPort));
        Path file = workDir.resolve("haproxy.cfg");
        Files.writeString(file, config + "\n");
        ToolProcess.Result check = ToolProcess.run("haproxy-check", List.of("haproxy", "-c", "-f", file.toString()),
                workDir, Map.of(), Duration.ofSeconds(20));
        if (check.exitCode() != 0) {
            throw new AssertionError("generated " + file + " is invalid:\n" + check.output() + "\n" + config);
        }
        haproxy = ToolProcess.start("haproxy", List.of("haproxy", "-db", "-f", file.toString()), workDir, Map.of())
                .awaitPort(lbPort, Duration.ofSeconds(10));
    }

    /** Waits until HAProxy's health checks show {@code node} UP (statistics CSV), so it takes clients again. */
    void awaitUpInHaproxy(int node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            last = haproxyStatus(name(node));
            if (last.equals("UP")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name(node) + " not UP in HAProxy within " + timeout + " (status " + last + ")\n"
                + haproxy.output());
    }

    private String haproxyStatus(String server) throws InterruptedException {
        try {
            HttpResponse<String> csv = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + statsPort + "/;csv")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> lines = csv.body().lines().toList();
            List<String> header = List.of(lines.get(0).replaceFirst("^# ", "").split(","));
            int svname = header.indexOf("svname");
            int status = header.indexOf("status");
            for (String line : lines) {
                String[] fields = line.split(",", -1);
                if (fields.length > status && fields[0].equals("roomcast_nodes") && fields[svname].equals(server)) {
                    return fields[status];
                }
            }
            return "not listed";
        } catch (IOException e) {
            return "no answer (" + e.getMessage() + ")";
        }
    }

    /**
     * SIGTERM, as a rolling deploy sends: the node drains (readiness DOWN, sessions closed over DRAIN_SPREAD) and
     * exits; returns the time it took. Fails if it does not exit within {@code timeout} or exits non-zero.
     */
    Duration terminate(int node, Duration timeout) throws InterruptedException {
        NodeProcess process = nodes.get(node);
        long started = System.nanoTime();
        process.terminate();
        if (!process.waitFor(timeout)) {
            throw new AssertionError(name(node) + " still running " + timeout + " after SIGTERM:\n" + tail(process));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(name(node) + " exited with " + process.exitValue() + " after SIGTERM:\n"
                    + tail(process));
        }
        stopped.add(process);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL: no drain, the kernel closes the node's connections. */
    void kill(int node) throws InterruptedException {
        NodeProcess process = nodes.get(node);
        process.kill();
        if (process.isAlive()) {
            throw new AssertionError(name(node) + " survived SIGKILL");
        }
        stopped.add(process);
    }

    /** Starts {@code node} again on its ports; returns once it is ready and UP in HAProxy. */
    Duration restart(int node) throws Exception {
        long started = System.nanoTime();
        NodeProcess process = NodeProcess.start(envOf(node), NODE_JVM);
        nodes.set(node, process);
        process.awaitReady(Duration.ofSeconds(60));
        awaitUpInHaproxy(node, Duration.ofSeconds(15));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    int size() {
        return nodes.size();
    }

    /** The Redis of the cluster, to kill, restart or freeze. */
    RedisServerProcess redis() {
        return redis;
    }

    String redisUrl() {
        return redis.url();
    }

    /** The running process of {@code node}. */
    NodeProcess node(int node) {
        return nodes.get(node);
    }

    /** The last lines of every node's log (running and stopped), for failure messages. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (NodeProcess process : stopped) {
            all.append("--- stopped node (pid ").append(process.pid()).append(")\n").append(tail(process));
        }
        for (int i = 0; i < nodes.size(); i++) {
            all.append("--- ").append(name(i)).append(" (pid ").append(nodes.get(i).pid()).append(")\n")
                    .append(tail(nodes.get(i)));
        }
        return all.toString();
    }

    private static String tail(NodeProcess process) {
        String output = process.output();
        return output.length() <= 3000 ? output : "...\n" + output.substring(output.length() - 3000);
    }

    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.close();
        }
        for (NodeProcess process : nodes) {
            closeQuietly(process);
        }
        for (NodeProcess process : stopped) {
            closeQuietly(process);
        }
        redis.close();
    }

    private static void closeQuietly(NodeProcess process) {
        try {
            process.close();
        } catch (Exception ignored) {
            // best effort: a leftover log file is harmless
        }
    }
}

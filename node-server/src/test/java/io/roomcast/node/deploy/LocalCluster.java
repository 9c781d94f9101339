package io.roomcast.node.deploy;

import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A cluster started by the real {@code deploy/local-cluster.sh} on free ports, its nodes run from the test class
 * path through {@code NODE_COMMAND} (so no jar is needed), with its own redis-server. {@link #interrupt} sends what
 * Ctrl-C sends; {@link #close} makes sure nothing it started outlives a failed test.
 */
final class LocalCluster implements AutoCloseable {

    static final String READY_LINE = "Roomcast local cluster is up";

    private final Process script;
    private final Path output;
    final int lbPort;
    final int statsPort;
    final int prometheusPort;
    final List<Integer> nodePorts;
    final List<Integer> managementPorts;
    final int redisPort;

    private LocalCluster(Process script, Path output, Ports ports, int nodes) {
        this.script = script;
        this.output = output;
        this.lbPort = ports.lb;
        this.statsPort = ports.stats;
        this.prometheusPort = ports.prometheus;
        this.redisPort = ports.redis;
        this.nodePorts = range(ports.nodeBase, nodes);
        this.managementPorts = range(ports.managementBase, nodes);
    }

    /**
     * Starts {@code nodes} nodes behind HAProxy in {@code lbMode} (sticky or roundrobin) and waits for the script's
     * ready line. Nodes get {@code nodeEnv} (e.g. a short PING_INTERVAL).
     */
    static LocalCluster start(Path workDir, int nodes, String lbMode, boolean prometheus, Map<String, String> nodeEnv)
            throws IOException, InterruptedException {
        Tools.require("haproxy", "install HAProxy 2.4+ (Debian/Ubuntu: apt-get install haproxy)", "-v");
        Tools.require("redis-server", "install Redis (Debian/Ubuntu: apt-get install redis-server)", "--version");
        if (prometheus) {
            Tools.require("prometheus", "install Prometheus 2.x (Debian/Ubuntu: apt-get install prometheus)",
                    "--version");
        }
        Ports ports = Ports.free(nodes);
        Path script = Tools.repoFile("deploy/local-cluster.sh");
        Path output = workDir.resolve("local-cluster.out");
        // --default-signal=INT: a shell that starts Maven in the background passes SIGINT down as ignored, and bash
        // cannot trap a signal ignored on entry; Ctrl-C in a terminal never has that problem.
        ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT", "bash", script.toString(),
                "--nodes=" + nodes,
                "--lb-mode=" + lbMode,
                "--lb-port=" + ports.lb,
                "--stats-port=" + ports.stats,
                "--node-base-port=" + ports.nodeBase,
                "--management-base-port=" + ports.managementBase,
                "--redis-port=" + ports.redis,
                "--prometheus-port=" + ports.prometheus,
                "--prometheus=" + (prometheus ? "auto" : "off"),
                "--work-dir=" + workDir.resolve("cluster"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.remove("REDIS_URL");
        env.remove("JWT_SECRET");
        // The nodes run the test class path's NodeRuntime: what `mvn verify` just compiled, no jar needed.
        env.put("CLASSPATH", System.getProperty("java.class.path"));
        env.put("NODE_COMMAND", "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xmx256m"
                // Start-up cost matters more than peak speed here: three JVMs boot at once on a small CI machine.
                + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
                + NodeServer.class.getName());
        env.put("SHUTDOWN_GRACE", "2s");
        env.putAll(nodeEnv);
        long started = System.nanoTime();
        LocalCluster cluster = new LocalCluster(builder.start(), output, ports, nodes);
        try {
            cluster.awaitReady(Duration.ofSeconds(120));
            System.out.printf("local cluster (%s) ready after %d ms%n", lbMode,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (AssertionError | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(READY_LINE)) {
                return;
            }
            if (!script.isAlive()) {
                throw new AssertionError("local-cluster.sh exited with " + script.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("local-cluster.sh not ready within " + timeout + ":\n" + output());
    }

    String lbUrl() {
        return "http://127.0.0.1:" + lbPort;
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isRunning() {
        return script.isAlive();
    }

    /** Every port the cluster listens on: load balancer, statistics, nodes, management, Redis, Prometheus. */
    List<Integer> ports(boolean withPrometheus) {
        List<Integer> all = new ArrayList<>(List.of(lbPort, statsPort, redisPort));
        all.addAll(nodePorts);
        all.addAll(managementPorts);
        if (withPrometheus) {
            all.add(prometheusPort);
        }
        return all;
    }

    /** SIGINT to the script, as Ctrl-C sends (its trap stops every child); returns the script's exit status. */
    int interrupt(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        Tools.Result kill = Tools.run(Tools.moduleDir(), Duration.ofSeconds(10),
                List.of("kill", "-INT", String.valueOf(script.pid())));
        if (kill.status() != 0) {
            throw new AssertionError("kill -INT failed: " + kill.output());
        }
        if (!script.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("local-cluster.sh still running " + timeout + " after SIGTERM:\n" + output());
        }
        System.out.printf("local cluster stopped (SIGINT) after %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
        return script.exitValue();
    }

    /** Safety net for a failed test: nothing the script started may outlive the test. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = script.descendants().toList();
        if (script.isAlive()) {
            script.destroy();
            script.waitFor(40, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
        script.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static List<Integer> range(int base, int count) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(base + i);
        }
        return ports;
    }

    /** Free ports; node and management ports are consecutive runs, as the script numbers them. */
    private record Ports(int lb, int stats, int prometheus, int redis, int nodeBase, int managementBase) {

        static Ports free(int nodes) throws IOException {
            List<Integer> taken = new ArrayList<>();
            int lb = single(taken);
            int stats = single(taken);
            int prometheus = single(taken);
            int redis = single(taken);
            int nodeBase = run(nodes, taken);
            int managementBase = run(nodes, taken);
            return new Ports(lb, stats, prometheus, redis, nodeBase, managementBase);
        }

        private static int single(List<Integer> taken) throws IOException {
            while (true) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    int port = socket.getLocalPort();
                    if (!taken.contains(port)) {
                        taken.add(port);
                        return port;
                    }
                }
            }
        }

        private static int run(int length, List<Integer> taken) throws IOException {
            for (int attempt = 0; attempt < 50; attempt++) {
                int base = single(taken);
                taken.remove(Integer.valueOf(base));
                if (base + length < 65536 && allBindable(base, length, taken)) {
                    for (int i = 0; i < length; i++) {
                        taken.add(base + i);
                    }
                    return base;
                }
            }
            throw new IllegalStateException("no run of " + length + " free ports found");
        }

        private static boolean allBindable(int base, int length, List<Integer> taken) {
            for (int port = base; port < base + length; port++) {
                if (taken.contains(port)) {
                    return false;
                }
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                } catch (IOException inUse) {
                    return false;
                }
            }
            return true;
        }
    }
}

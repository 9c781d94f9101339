package io.roomcast.cluster.testing;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of six local {@code redis-server} processes (three masters with one replica each) for integration
 * tests, as a JUnit 5 extension: {@code @RegisterExtension static RedisClusterFixture cluster =
 * RedisClusterFixture.create();}. The nodes listen on free ports of 127.0.0.1 (each with its cluster bus on port +
 * 10000), keep their {@code nodes.conf} and data dir in a temp dir, and are joined by {@code redis-cli --cluster
 * create --cluster-replicas 1}; {@code beforeAll} returns once every node reports {@code cluster_state:ok}, all
 * 16384 slots served and all six nodes known. Without {@code redis-server} or {@code redis-cli} it fails, never
 * skips. The processes are killed in {@code afterAll}, or by a JVM shutdown hook if the JVM exits first; their logs
 * stay in {@code target/redis-cluster-<port>.log}.
 *
 * <p>Failover is quick on purpose: {@code cluster-node-timeout} is 1000 ms ({@link #withNodeTimeout(Duration)}), so a
 * killed master is flagged FAIL about a second after it dies, and its replica starts an election after a further
 * 500 ms + up to 500 ms (random) + 1 s per rank (a single replica has rank 0). {@code
 * cluster-replica-validity-factor 0} makes a replica always try to fail over: with the default 10 a replica refuses
 * once its link to the master has been down for more than 10 node timeouts plus the replication ping period, which a
 * test that killed and restarted nodes before can reach. Replicas sync at once ({@code repl-diskless-sync-delay 0}
 * rather than 5 s). Measured on a 2-core machine: ready in about 2.5 s, and about 2 s from SIGKILL to a promoted
 * replica and {@code cluster_state:ok} everywhere.
 *
 * <p>Each test gets a unique {@link #keyPrefix()}. Killing nodes changes the cluster for the tests that follow in
 * the class: {@link #restart(int) restart} them and {@link #awaitHealthy()} to leave it as found (with masters and
 * replicas possibly swapped).
 */
public final class RedisClusterFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final String INSTALL_HINT = "install redis-server and redis-tools (apt-get install redis-server "
            + "redis-tools)";
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMillis(1000);

    private static final Logger log = LoggerFactory.getLogger(RedisClusterFixture.class);
    private static final int NODES = 6;
    private static final int MASTERS = NODES / 2;
    private static final int SLOTS = 16384;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(30);

    private final Duration nodeTimeout;
    private final Map<Integer, RedisProcess> nodes = new LinkedHashMap<>();
    private Path dir;
    private NodeClient client;
    private Thread shutdownHook;
    private String keyPrefix;

    private RedisClusterFixture(Duration nodeTimeout) {
        if (nodeTimeout == null || nodeTimeout.isNegative() || nodeTimeout.isZero()) {
            throw new IllegalArgumentException("nodeTimeout must be > 0");
        }
        this.nodeTimeout = nodeTimeout;
    }

    /** Six nodes with a {@code cluster-node-timeout} of {@link #DEFAULT_NODE_TIMEOUT}. */
    public static RedisClusterFixture create() {
        return new RedisClusterFixture(DEFAULT_NODE_TIMEOUT);
    }

    /** The same cluster with another {@code cluster-node-timeout}: how long a node is unreachable before FAIL. */
    public RedisClusterFixture withNodeTimeout(Duration nodeTimeout) {
        return new RedisClusterFixture(nodeTimeout);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Binaries binaries = requireBinaries(RedisFixture::findOnPath);
        long started = System.nanoTime();
        try {
            start(binaries);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Redis Cluster for {}: {} (ready in {} ms)", context.getDisplayName(), seedList(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        keyPrefix = TestKeyPrefix.of(context);
    }

    /** A key or channel prefix unique to the running test. */
    public String keyPrefix() {
        if (keyPrefix == null) {
            throw new IllegalStateException("keyPrefix() is only available inside a test method");
        }
        return keyPrefix;
    }

    /** All six nodes, killed ones included, for {@code RedisClusterClient.create(resources, seeds())}. */
    public List<RedisURI> seeds() {
        return ports().stream().map(port -> RedisURI.create(NodeClient.HOST, port)).toList();
    }

    /** All six nodes as {@code 127.0.0.1:p1,127.0.0.1:p2,...}, the form of a seed list in configuration. */
    public String seedList() {
        return ports().stream().map(port -> NodeClient.HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** The ports of the masters that serve slots now, as a live node sees them (CLUSTER NODES), in ascending order. */
    public List<Integer> masterPorts() {
        return view().getPartitions().stream()
                .filter(node -> node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots() && !failing(node))
                .map(node -> node.getUri().getPort())
                .sorted()
                .toList();
    }

    /** The port of the master that serves {@code key}'s slot ({@code CLUSTER KEYSLOT}), as a live node sees it. */
    public int masterOf(String key) {
        return client.on(anyLivePort(), redis -> {
            int slot = redis.clusterKeyslot(key).intValue();
            RedisClusterNode owner = ClusterPartitionParser.parse(redis.clusterNodes()).getPartitionBySlot(slot);
            if (owner == null) {
                throw new IllegalStateException("no node serves slot " + slot + " (of key " + key + ")");
            }
            return owner.getUri().getPort();
        });
    }

    /** The port of a live replica of the master on {@code masterPort}. */
    public int replicaOf(int masterPort) {
        Partitions view = view();
        RedisClusterNode master = view.getPartitions().stream()
                .filter(node -> node.getUri().getPort() == masterPort)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cluster node on port " + masterPort));
        if (!master.is(NodeFlag.UPSTREAM)) {
            throw new IllegalArgumentException("the node on port " + masterPort + " is not a master: "
                    + describe(master));
        }
        return view.getPartitions().stream()
                .filter(node -> master.getNodeId().equals(node.getSlaveOf()) && !failing(node))
                .map(node -> node.getUri().getPort())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the master on port " + masterPort
                        + " has no live replica"));
    }

    /** Kills the node on {@code port} at once (SIGKILL), as a crash would. */
    public void kill(int port) {
        node(port).kill();
    }

    /**
     * Starts the node on {@code port} again with the same port, data dir and {@code nodes.conf}, so it rejoins the
     * cluster (a former master comes back as a replica of the node that took its slots); returns once it answers
     * PING. {@link #awaitHealthy()} waits until it has rejoined.
     */
    public void restart(int port) {
        node(port).restart();
    }

    /**
     * Waits until the slots of the killed master on {@code deadMasterPort} are served by another live master and
     * every live node reports {@code cluster_state:ok}; throws, saying what was still wrong, after {@code timeout}.
     */
    public void awaitFailover(int deadMasterPort, Duration timeout) {
        if (node(deadMasterPort).isAlive()) {
            throw new IllegalStateException("the node on port " + deadMasterPort + " is running: kill("
                    + deadMasterPort + ") it before awaiting its failover");
        }
        RedisProcess.await("the slots of the killed master " + deadMasterPort + " were not failed over", timeout,
                () -> failoverProblem(deadMasterPort));
    }

    /**
     * Waits until all six nodes are up and agree: {@code cluster_state:ok}, all slots served by three masters, each
     * with a replica whose replication link is up, no node flagged failing. Fails at once if a node is killed.
     */
    public void awaitHealthy() {
        List<Integer> killed = ports().stream().filter(port -> !node(port).isAlive()).toList();
        if (!killed.isEmpty()) {
            throw new IllegalStateException("nodes " + killed + " are killed: restart them before awaitHealthy()");
        }
        RedisProcess.await("the Redis Cluster " + ports() + " did not become healthy", HEALTHY_TIMEOUT,
                this::healthProblem);
    }

    /** What {@link #beforeAll} needs; fails, naming what to install, when one is missing. */
    static Binaries requireBinaries(Function<String, Path> lookup) {
        Path server = lookup.apply("redis-server");
        Path cli = lookup.apply("redis-cli");
        if (server == null || cli == null) {
            throw new IllegalStateException("no " + (server == null ? "redis-server" : "redis-cli")
                    + " on the PATH for RedisClusterFixture: " + INSTALL_HINT);
        }
        return new Binaries(server, cli);
    }

    record Binaries(Path server, Path cli) {
    }

    private void start(Binaries binaries) {
        try {
            dir = Files.createTempDirectory("roomcast-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = new NodeClient();
        Path tempDir = dir;
        shutdownHook = new Thread(() -> {
            killAll();
            RedisProcess.deleteQuietly(tempDir);
        }, "redis-cluster-fixture-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < NODES; i++) {
            int port = RedisProcess.freePort(taken, true);
            nodes.put(port, RedisProcess.start("redis-cluster", port, nodeCommand(binaries.server(), port)));
        }
        for (RedisProcess node : nodes.values()) {
            node.awaitPing(Duration.ofSeconds(10));
        }
        createCluster(binaries.cli());
        RedisProcess.await("the new Redis Cluster " + ports() + " did not become healthy", START_TIMEOUT,
                this::healthProblem);
    }

    private List<String> nodeCommand(Path server, int port) {
        Path nodeDir = dir.resolve(String.valueOf(port));
        try {
            Files.createDirectories(nodeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(server.toString(),
                "--port", String.valueOf(port),
                "--bind", NodeClient.HOST,
                "--protected-mode", "no",
                "--daemonize", "no",
                "--dir", nodeDir.toString(),
                "--cluster-enabled", "yes",
                "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout", String.valueOf(nodeTimeout.toMillis()),
                "--cluster-replica-validity-factor", "0",
                "--save", "",
                "--appendonly", "no",
                // A master waits 5 s (the default) for more replicas before a diskless full sync.
                "--repl-diskless-sync-delay", "0");
    }

    private void createCluster(Path cli) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        ports().forEach(port -> command.add(NodeClient.HOST + ":" + port));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Path output = dir.resolve("cluster-create.log");
        try {
            Process create = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!create.waitFor(60, TimeUnit.SECONDS)) {
                create.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (create.exitValue() != 0 || text.contains("[ERR]")) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + create.exitValue()
                        + "):\n" + text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cli + ": " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
    }

    /** Null when every node is healthy, else what the first unhealthy node reports. */
    private String healthProblem() {
        for (int port : ports()) {
            String problem = client.on(port, redis -> {
                String clusterProblem = clusterInfoProblem(NodeClient.fields(redis.clusterInfo()));
                if (clusterProblem != null) {
                    return clusterProblem;
                }
                Partitions view = ClusterPartitionParser.parse(redis.clusterNodes());
                for (RedisClusterNode node : view) {
                    if (failing(node) || node.is(NodeFlag.HANDSHAKE) || node.is(NodeFlag.NOADDR)) {
                        return "it sees " + describe(node);
                    }
                }
                List<RedisClusterNode> masters = view.getPartitions().stream()
                        .filter(node -> node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots()).toList();
                if (masters.size() != MASTERS) {
                    return masters.size() + " masters serve slots, not " + MASTERS;
                }
                for (RedisClusterNode master : masters) {
                    if (view.getPartitions().stream().noneMatch(n -> master.getNodeId().equals(n.getSlaveOf()))) {
                        return "the master on port " + master.getUri().getPort() + " has no replica";
                    }
                }
                RedisClusterNode myself = view.getPartitions().stream().filter(n -> n.is(NodeFlag.MYSELF))
                        .findFirst().orElseThrow();
                if (myself.is(NodeFlag.REPLICA)) {
                    String link = NodeClient.fields(redis.info("replication")).get("master_link_status");
                    if (!"up".equals(link)) {
                        return "master_link_status:" + link;
                    }
                }
                return null;
            });
            if (problem != null) {
                return "node " + port + ": " + problem;
            }
        }
        return null;
    }

    private static String clusterInfoProblem(Map<String, String> info) {
        if (!"ok".equals(info.get("cluster_state"))) {
            return "cluster_state:" + info.get("cluster_state");
        }
        if (!String.valueOf(SLOTS).equals(info.get("cluster_slots_ok"))) {
            return "cluster_slots_ok:" + info.get("cluster_slots_ok");
        }
        if (!String.valueOf(NODES).equals(info.get("cluster_known_nodes"))) {
            return "cluster_known_nodes:" + info.get("cluster_known_nodes");
        }
        return null;
    }

    /** Null once the live nodes agree that live masters other than {@code deadPort} serve every slot. */
    private String failoverProblem(int deadPort) {
        for (int port : ports()) {
            if (!node(port).isAlive()) {
                continue;
            }
            String problem = client.on(port, redis -> {
                String state = NodeClient.fields(redis.clusterInfo()).get("cluster_state");
                if (!"ok".equals(state)) {
                    return "cluster_state:" + state;
                }
                int served = 0;
                for (RedisClusterNode node : ClusterPartitionParser.parse(redis.clusterNodes())) {
                    if (node.hasNoSlots()) {
                        continue;
                    }
                    int owner = node.getUri().getPort();
                    if (owner == deadPort || failing(node) || !nodes.containsKey(owner) || !node(owner).isAlive()) {
                        return "slots still served by " + describe(node);
                    }
                    served += node.getSlots().size();
                }
                return served == SLOTS ? null : served + " of " + SLOTS + " slots served";
            });
            if (problem != null) {
                return "node " + port + ": " + problem;
            }
        }
        return null;
    }

    private Partitions view() {
        return client.on(anyLivePort(), redis -> ClusterPartitionParser.parse(redis.clusterNodes()));
    }

    private int anyLivePort() {
        return ports().stream().filter(port -> node(port).isAlive()).findFirst()
                .orElseThrow(() -> new IllegalStateException("every cluster node is killed"));
    }

    private static boolean failing(RedisClusterNode node) {
        return node.is(NodeFlag.FAIL) || node.is(NodeFlag.EVENTUAL_FAIL);
    }

    private static String describe(RedisClusterNode node) {
        return "port " + node.getUri().getPort() + " " + node.getFlags().stream().map(Enum::name).sorted()
                .map(String::toLowerCase).collect(Collectors.joining(",")) + " (" + node.getSlots().size() + " slots)";
    }

    private List<Integer> ports() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("RedisClusterFixture is not started: register it with "
                    + "@RegisterExtension on a static field");
        }
        return List.copyOf(nodes.keySet());
    }

    private RedisProcess node(int port) {
        RedisProcess node = nodes.get(port);
        if (node == null) {
            throw new IllegalArgumentException("no cluster node on port " + port + "; the nodes are " + ports());
        }
        return node;
    }

    private void killAll() {
        for (RedisProcess node : nodes.values()) {
            try {
                node.kill();
            } catch (RuntimeException e) {
                log.warn("cannot kill {}: {}", node, e.toString());
            }
        }
    }

    private void stop() {
        killAll();
        nodes.clear();
        if (client != null) {
            client.close();
            client = null;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and runs the hook itself
            }
            shutdownHook = null;
        }
        RedisProcess.deleteQuietly(dir);
        dir = null;
    }
}

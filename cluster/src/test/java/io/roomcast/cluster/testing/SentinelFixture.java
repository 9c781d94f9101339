package io.roomcast.cluster.testing;

import io.lettuce.core.RedisURI;
import io.lettuce.core.models.role.RedisInstance;
import io.lettuce.core.models.role.RoleParser;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Redis Sentinel for integration tests, as a JUnit 5 extension: {@code @RegisterExtension static SentinelFixture
 * sentinel = SentinelFixture.create();}. It starts a master and one replica ({@code redis-server --replicaof}) and
 * three sentinels ({@code redis-sentinel <sentinel.conf>}, the same as {@code redis-server <sentinel.conf>
 * --sentinel}) monitoring the master as {@value #DEFAULT_MASTER_NAME} with a quorum of 2, all on free ports of
 * 127.0.0.1; {@code beforeAll} returns once every sentinel sees the master, the replica and the two other sentinels.
 * Without {@code redis-server} or {@code redis-sentinel} it fails, never skips. The processes are killed in
 * {@code afterAll}, or by a JVM shutdown hook if the JVM exits first; their logs stay in
 * {@code target/redis-sentinel-<port>.log} and {@code target/redis-data-<port>.log}.
 *
 * <p>Failover is quick on purpose: {@code down-after-milliseconds 2000} (a master silent for 2 s is down),
 * {@code failover-timeout 5000} (a stuck failover is retried by another sentinel after 10 s rather than the default
 * 6 min); the replicas sync at once ({@code repl-diskless-sync-delay 0}). Not 1000: a sentinel pings every second
 * and gives a freshly promoted master one down-after period to answer its first PING, so on a loaded 2-core CI
 * machine a 1 s bound once failed the promoted master over again. Measured on a 2-core machine: ready in about
 * 2.5 s (the sentinels find each other through 2 s hello messages), and about 3.5 s from SIGKILL to every sentinel
 * reporting the promoted replica. {@link #failoverEvents()} tells what the sentinels decided when a test fails.
 */
public final class SentinelFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final String INSTALL_HINT = "install redis-sentinel (apt-get install redis-sentinel)";
    public static final String DEFAULT_MASTER_NAME = "roomcast";

    private static final Logger log = LoggerFactory.getLogger(SentinelFixture.class);
    private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int SENTINELS = 3;
    private static final int QUORUM = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(30);
    static final int DOWN_AFTER_MILLIS = 2000;
    /** Sentinel log lines of its verdicts: a node down, back, or a master switched. */
    private static final Pattern VERDICT = Pattern.compile("[+-](sdown|odown|switch-master|convert-to-slave) ");

    private final String masterName;
    /** The first master and its replica, in that order; which one is the master now only the sentinels know. */
    private final Map<Integer, RedisProcess> dataNodes = new LinkedHashMap<>();
    private final Map<Integer, RedisProcess> sentinels = new LinkedHashMap<>();
    private Binaries binaries;
    private Path dir;
    private NodeClient client;
    private Thread shutdownHook;
    private String keyPrefix;

    private SentinelFixture(String masterName) {
        if (masterName == null || !MASTER_NAME.matcher(masterName).matches()) {
            throw new IllegalArgumentException("masterName must match " + MASTER_NAME + ": " + masterName);
        }
        this.masterName = masterName;
    }

    /** A master named {@value #DEFAULT_MASTER_NAME}. */
    public static SentinelFixture create() {
        return new SentinelFixture(DEFAULT_MASTER_NAME);
    }

    /** The same setup with the master monitored under another name. */
    public SentinelFixture withMasterName(String masterName) {
        return new SentinelFixture(masterName);
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
        log.info("Redis Sentinel for {}: {}, master {} (ready in {} ms)", context.getDisplayName(), sentinelUrl(),
                masterPort(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
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

    public String masterName() {
        return masterName;
    }

    /** The three sentinels and the master name, for {@code RedisClient.connect(sentinelUri())}. */
    public RedisURI sentinelUri() {
        return sentinelUri(sentinelPorts(), masterName);
    }

    /** The same as {@link #sentinelUri()} as text: {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,...#roomcast}. */
    public String sentinelUrl() {
        return sentinelUrl(sentinelPorts(), masterName);
    }

    public List<Integer> sentinelPorts() {
        started();
        return List.copyOf(sentinels.keySet());
    }

    /** The master's port, as the first live sentinel reports it ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}). */
    public int masterPort() {
        return reportedMaster(anyLiveSentinel());
    }

    /** Kills the current master at once (SIGKILL), as a crash would; returns its port. */
    public int killMaster() {
        int port = masterPort();
        kill(port);
        return port;
    }

    /** Kills the master, the replica or a sentinel on {@code port} at once (SIGKILL). */
    public void kill(int port) {
        process(port).kill();
    }

    /**
     * Starts the process on {@code port} again on the same port; returns once it answers PING. A sentinel comes back
     * with its rewritten config. A data node that the sentinels do not report as the master comes back with
     * {@code --replicaof <the master>}, as it would from the config that Sentinel rewrites on its replicas (here the
     * data nodes have no config file): a former master restarted as a master would be turned into a replica by the
     * sentinels too, but only after they watched it for 8 to 20 s. {@link #awaitHealthy()} waits until it is synced.
     */
    public void restart(int port) {
        RedisProcess process = process(port);
        if (dataNodes.containsKey(port)) {
            int master = masterPort();
            process.restart(dataCommand(binaries.server(), port, master == port ? List.of()
                    : List.of("--replicaof", NodeClient.HOST, String.valueOf(master))));
        } else {
            process.restart();
        }
    }

    /**
     * Waits until every live sentinel reports a master other than {@code oldPort} and that node answers {@code ROLE}
     * as a master; returns its port, or throws, saying what was still wrong, after {@code timeout}.
     */
    public int awaitNewMaster(int oldPort, Duration timeout) {
        AtomicInteger newMaster = new AtomicInteger();
        RedisProcess.await("the sentinels did not report a new master in place of " + oldPort, timeout, () -> {
            String problem = agreedMasterProblem(newMaster);
            if (problem == null && newMaster.get() == oldPort) {
                return "the sentinels still report " + oldPort;
            }
            return problem;
        });
        return newMaster.get();
    }

    /**
     * Waits until every process runs and every sentinel reports the same master (answering ROLE as master), sees
     * the other two sentinels, and sees the other data node as a replica whose link to the master is up. Fails at
     * once if a process is killed.
     */
    public void awaitHealthy() {
        List<Integer> killed = new ArrayList<>();
        dataNodes.forEach((port, process) -> {
            if (!process.isAlive()) {
                killed.add(port);
            }
        });
        sentinels.forEach((port, process) -> {
            if (!process.isAlive()) {
                killed.add(port);
            }
        });
        if (!killed.isEmpty()) {
            throw new IllegalStateException("processes on ports " + killed + " are killed: restart them before "
                    + "awaitHealthy()");
        }
        RedisProcess.await("Redis Sentinel " + sentinelPorts() + " did not become healthy", HEALTHY_TIMEOUT,
                this::healthProblem);
    }

    /**
     * Every sentinel's verdicts so far ({@code +sdown}, {@code -sdown}, {@code +odown}, {@code +switch-master},
     * {@code +convert-to-slave} lines of their logs), for a failure message that says which failovers happened.
     */
    public String failoverEvents() {
        StringBuilder events = new StringBuilder();
        sentinels.forEach((port, sentinel) -> {
            events.append("sentinel ").append(port).append(':');
            try (Stream<String> lines = Files.lines(sentinel.logFile())) {
                lines.filter(line -> VERDICT.matcher(line).find()).forEach(line -> events.append("\n  ").append(line));
            } catch (IOException | UncheckedIOException e) {
                events.append(" cannot read ").append(sentinel.logFile()).append(": ").append(e.getMessage());
            }
            events.append('\n');
        });
        return events.toString();
    }

    /** What {@link #beforeAll} needs; fails, naming what to install, when one is missing. */
    static Binaries requireBinaries(Function<String, Path> lookup) {
        Path server = lookup.apply("redis-server");
        Path sentinel = lookup.apply("redis-sentinel");
        if (server == null) {
            throw new IllegalStateException("no redis-server on the PATH for SentinelFixture: install redis-server "
                    + "and redis-sentinel (apt-get install redis-server redis-sentinel)");
        }
        if (sentinel == null) {
            throw new IllegalStateException("no redis-sentinel on the PATH for SentinelFixture: " + INSTALL_HINT);
        }
        return new Binaries(server, sentinel);
    }

    record Binaries(Path server, Path sentinel) {
    }

    static RedisURI sentinelUri(List<Integer> sentinelPorts, String masterName) {
        RedisURI.Builder builder = RedisURI.Builder.sentinel(NodeClient.HOST, sentinelPorts.get(0), masterName);
        sentinelPorts.stream().skip(1).forEach(port -> builder.withSentinel(NodeClient.HOST, port));
        return builder.build();
    }

    static String sentinelUrl(List<Integer> sentinelPorts, String masterName) {
        return RedisURI.URI_SCHEME_REDIS_SENTINEL + "://" + sentinelPorts.stream()
                .map(port -> NodeClient.HOST + ":" + port).collect(Collectors.joining(",")) + "#" + masterName;
    }

    private void start(Binaries binaries) {
        this.binaries = binaries;
        try {
            dir = Files.createTempDirectory("roomcast-redis-sentinel-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = new NodeClient();
        Path tempDir = dir;
        shutdownHook = new Thread(() -> {
            killAll();
            RedisProcess.deleteQuietly(tempDir);
        }, "sentinel-fixture-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Set<Integer> taken = new HashSet<>();
        int master = RedisProcess.freePort(taken, false);
        int replica = RedisProcess.freePort(taken, false);
        dataNodes.put(master, RedisProcess.start("redis-data", master, dataCommand(binaries.server(), master,
                List.of())));
        dataNodes.put(replica, RedisProcess.start("redis-data", replica, dataCommand(binaries.server(), replica,
                List.of("--replicaof", NodeClient.HOST, String.valueOf(master)))));
        dataNodes.values().forEach(node -> node.awaitPing(Duration.ofSeconds(10)));
        // The sentinels learn of the replica from the master's first INFO: let it be connected by then.
        RedisProcess.await("the replica " + replica + " did not sync with the master " + master, START_TIMEOUT,
                () -> {
                    String link = NodeClient.fields(client.on(replica, redis -> redis.info("replication")))
                            .get("master_link_status");
                    return "up".equals(link) ? null : "master_link_status:" + link;
                });
        for (int i = 0; i < SENTINELS; i++) {
            int port = RedisProcess.freePort(taken, false);
            sentinels.put(port, RedisProcess.start("redis-sentinel", port,
                    List.of(binaries.sentinel().toString(), writeSentinelConfig(port, master).toString())));
        }
        sentinels.values().forEach(sentinel -> sentinel.awaitPing(Duration.ofSeconds(10)));
        RedisProcess.await("the new Redis Sentinel " + sentinelPorts() + " did not become healthy", START_TIMEOUT,
                this::healthProblem);
    }

    private List<String> dataCommand(Path server, int port, List<String> extra) {
        List<String> command = new ArrayList<>(List.of(server.toString(),
                "--port", String.valueOf(port),
                "--bind", NodeClient.HOST,
                "--protected-mode", "no",
                "--daemonize", "no",
                "--dir", directory("data-" + port).toString(),
                "--save", "",
                "--appendonly", "no",
                // A master waits 5 s (the default) for more replicas before a diskless full sync.
                "--repl-diskless-sync-delay", "0"));
        command.addAll(extra);
        return command;
    }

    /** A sentinel rewrites its config file (known replicas and sentinels, epochs), so each has its own. */
    private Path writeSentinelConfig(int port, int master) {
        Path config = dir.resolve("sentinel-" + port + ".conf");
        String text = String.join("\n",
                "port " + port,
                "bind " + NodeClient.HOST,
                "protected-mode no",
                "daemonize no",
                "dir " + directory("sentinel-" + port),
                "sentinel resolve-hostnames no",
                "sentinel monitor " + masterName + " " + NodeClient.HOST + " " + master + " " + QUORUM,
                "sentinel down-after-milliseconds " + masterName + " " + DOWN_AFTER_MILLIS,
                "sentinel failover-timeout " + masterName + " 5000",
                "");
        try {
            Files.writeString(config, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when all is well; {@link #awaitHealthy()} checks first that every process runs. */
    private String healthProblem() {
        AtomicInteger master = new AtomicInteger();
        String problem = agreedMasterProblem(master);
        if (problem != null) {
            return problem;
        }
        for (int port : sentinels.keySet()) {
            problem = client.onSentinel(port, sentinel -> {
                Map<String, String> state = sentinel.master(masterName);
                if (!"master".equals(state.get("flags"))) {
                    return "flags of the master: " + state.get("flags");
                }
                if (Integer.parseInt(state.get("num-other-sentinels")) < SENTINELS - 1) {
                    return "num-other-sentinels:" + state.get("num-other-sentinels");
                }
                List<String> replicas = new ArrayList<>();
                for (Map<String, String> replica : sentinel.replicas(masterName)) {
                    if (!"slave".equals(replica.get("flags")) || !"ok".equals(replica.get("master-link-status"))) {
                        return "replica " + replica.get("port") + " flags:" + replica.get("flags")
                                + " master-link-status:" + replica.get("master-link-status");
                    }
                    replicas.add(replica.get("port"));
                }
                return replicas.size() >= dataNodes.size() - 1 ? null : "replicas seen: " + replicas;
            });
            if (problem != null) {
                return "sentinel " + port + ": " + problem;
            }
        }
        return null;
    }

    /**
     * Null when every live sentinel reports the same master, one of ours that runs and answers ROLE as a master
     * (its port then goes to {@code master}); else what is wrong.
     */
    private String agreedMasterProblem(AtomicInteger master) {
        Map<Integer, Integer> reported = new LinkedHashMap<>();
        for (int port : sentinels.keySet()) {
            if (sentinels.get(port).isAlive()) {
                reported.put(port, reportedMaster(port));
            }
        }
        Set<Integer> masters = new HashSet<>(reported.values());
        if (masters.size() != 1) {
            return "the sentinels disagree on the master (sentinel=master): " + reported;
        }
        int port = masters.iterator().next();
        RedisProcess node = dataNodes.get(port);
        if (node == null || !node.isAlive()) {
            return "the sentinels report the master " + port + ", which is " + (node == null ? "not ours" : "killed");
        }
        RedisInstance.Role role = client.on(port, redis -> RoleParser.parse(redis.role()).getRole());
        if (!role.isUpstream()) {
            return "the reported master " + port + " answers ROLE " + role;
        }
        master.set(port);
        return null;
    }

    private int reportedMaster(int sentinelPort) {
        InetSocketAddress address = (InetSocketAddress) client.onSentinel(sentinelPort,
                sentinel -> sentinel.getMasterAddrByName(masterName));
        if (address == null) {
            throw new IllegalStateException("sentinel " + sentinelPort + " does not know the master " + masterName);
        }
        return address.getPort();
    }

    private int anyLiveSentinel() {
        started();
        return sentinels.entrySet().stream().filter(entry -> entry.getValue().isAlive()).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalStateException("every sentinel is killed"));
    }

    private RedisProcess process(int port) {
        started();
        RedisProcess process = dataNodes.containsKey(port) ? dataNodes.get(port) : sentinels.get(port);
        if (process == null) {
            throw new IllegalArgumentException("no process of this fixture on port " + port + ": data nodes "
                    + dataNodes.keySet() + ", sentinels " + sentinels.keySet());
        }
        return process;
    }

    private void started() {
        if (sentinels.isEmpty()) {
            throw new IllegalStateException("SentinelFixture is not started: register it with @RegisterExtension "
                    + "on a static field");
        }
    }

    private void killAll() {
        List<RedisProcess> all = new ArrayList<>(sentinels.values());
        all.addAll(dataNodes.values());
        for (RedisProcess process : all) {
            try {
                process.kill();
            } catch (RuntimeException e) {
                log.warn("cannot kill {}: {}", process, e.toString());
            }
        }
    }

    private void stop() {
        killAll();
        sentinels.clear();
        dataNodes.clear();
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

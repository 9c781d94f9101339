package io.roomcast.cluster.interop;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.cluster.transport.LettuceClusterTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The processes of one interop run: a {@code redis-server} (unless given a Redis), two {@link JavaPeer} child JVMs and
 * two {@code node-peer.js}, all with the same peer arguments, and the {@code node --test} runs of the suite files
 * against them. Closing kills them all (a JVM shutdown hook too: Surefire may kill the JVM on a fork timeout).
 */
final class InteropCluster implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration PER_FILE_TIMEOUT = Duration.ofSeconds(120);
    private static final String PEER_MAIN = JavaPeer.class.getName();

    private final List<AutoCloseable> running = new ArrayList<>();
    final InteropToolchain toolchain;
    private Map<String, String> suiteEnv = Map.of();

    InteropCluster() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "interop-cleanup"));
        toolchain = InteropToolchain.verified();
    }

    /**
     * Starts java0, java1, node0, node1 with {@code peerArgs} (plus {@code --port 0 --redis-url --name}), waits until
     * {@code countChannel} has 4 subscribers (every server counts the others), and keeps the suite's environment:
     * INTEROP_SERVERS, REDIS_URL, ADAPTER_KEY, ADAPTER.
     */
    void start(String redisUrl, String key, String adapter, List<String> peerArgs, String countChannel) {
        start(redisUrl, key, adapter, peerArgs, List.of(), countChannel, false);
    }

    /**
     * As {@link #start(String, String, String, List, String)}, the Java peers also getting {@code javaOnlyArgs}; with
     * {@code shardChannel} the count is {@code PUBSUB SHARDNUMSUB} (sharded adapter).
     */
    void start(String redisUrl, String key, String adapter, List<String> peerArgs, List<String> javaOnlyArgs,
               String countChannel, boolean shardChannel) {
        List<String> urls = startPeers(List.of("--redis-url", redisUrl), key, peerArgs, javaOnlyArgs);
        awaitServerCount(redisUrl, countChannel, shardChannel, urls.size());
        suiteEnv = suiteEnv(urls, redisUrl, key, adapter, Map.of());
    }

    /**
     * The peers on a Redis Cluster ({@code --redis-cluster <seeds>}, sharded adapter only): waits until
     * {@code countChannel} has 4 shard subscribers summed over the masters; the suite also gets REDIS_CLUSTER (the
     * seeds) and, as REDIS_URL, the first seed.
     */
    void startOnRedisCluster(List<RedisURI> seeds, String key, List<String> peerArgs, String countChannel) {
        String seedList = String.join(",", seeds.stream().map(uri -> uri.getHost() + ":" + uri.getPort()).toList());
        List<String> urls = startPeers(List.of("--redis-cluster", seedList), key, peerArgs, List.of());
        try (LettuceClusterTransport redis = LettuceClusterTransport.connect(seeds, LettuceTransportOptions.DEFAULT)) {
            awaitCount(() -> redis.sharded().numsub(countChannel).join(), "SHARDNUMSUB " + countChannel + " (summed)",
                    urls.size());
        }
        String firstSeed = "redis://" + seedList.split(",")[0];
        suiteEnv = suiteEnv(urls, firstSeed, key, "sharded", Map.of("REDIS_CLUSTER", seedList));
    }

    /** Starts java0, java1 (with {@code javaOnlyArgs} too), node0, node1 with these arguments; returns their URLs. */
    private List<String> startPeers(List<String> redisArgs, String key, List<String> peerArgs,
                                    List<String> javaOnlyArgs) {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(redisArgs);
        args.addAll(List.of("--key", key));
        args.addAll(peerArgs);
        List<String> javaArgs = new ArrayList<>(args);
        javaArgs.addAll(javaOnlyArgs);
        List<String> urls = new ArrayList<>();
        for (String name : List.of("java0", "java1")) {
            urls.add(javaPeer(name, javaArgs));
        }
        for (String name : List.of("node0", "node1")) {
            urls.add(nodePeer(name, args));
        }
        return urls;
    }

    private static Map<String, String> suiteEnv(List<String> urls, String redisUrl, String key, String adapter,
                                                Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INTEROP_SERVERS", String.join(",", urls));
        env.put("REDIS_URL", redisUrl);
        env.put("ADAPTER_KEY", key);
        env.put("ADAPTER", adapter);
        env.putAll(extra);
        return Map.copyOf(env);
    }

    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // keep closing the others; the test outcome is already decided
            }
        }
        running.clear();
    }

    /** The suite's {@code test/*.test.js} files, sorted. */
    List<Path> testFiles() {
        Path dir = toolchain.suiteDir.resolve("test");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".test.js")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** {@code node --test} on one file against the started cluster; fails with its output and the peers' logs. */
    void runFile(Path file) {
        String relative = toolchain.suiteDir.relativize(file).toString();
        try (ChildProcess run = ChildProcess.start("suite-" + file.getFileName(),
                List.of("node", "--test", "--test-reporter=spec", relative), toolchain.suiteDir, suiteEnv)) {
            boolean finished = run.process().waitFor(PER_FILE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                fail("node --test " + relative + " did not finish within " + PER_FILE_TIMEOUT.toSeconds() + " s:\n"
                        + run.output() + peerLogs());
            }
            if (run.process().exitValue() != 0) {
                fail("node --test " + relative + " exited with " + run.process().exitValue() + " (" + suiteEnv + "):\n"
                        + run.output() + peerLogs());
            }
            // What ran, in the build log: the spec reporter's summary ("ℹ tests 15", ...) and every skipped test or
            // suite ("\uFE63 <name> # <reason>").
            String summary = run.output().lines().map(String::strip)
                    .filter(line -> line.matches("ℹ (tests|pass|fail|skipped) \\d+") || line.startsWith("\uFE63 "))
                    .collect(java.util.stream.Collectors.joining("; "));
            System.out.println("[interop ADAPTER=" + suiteEnv.get("ADAPTER") + "] " + relative + ": " + summary);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running " + relative);
        }
    }

    /** A {@code redis-server} of this run on a free port of 127.0.0.1; returns its URL. */
    synchronized String startRedis() {
        InteropToolchain.requireRedisServer();
        int port = freePort();
        ChildProcess redis = ChildProcess.start("redis", List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), toolchain.suiteDir, Map.of());
        running.add(redis);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!redis.output().contains("Ready to accept connections")) {
            if (!redis.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("redis-server did not start on port " + port + ":\n" + redis.output());
            }
            sleep(50);
        }
        return "redis://127.0.0.1:" + port;
    }

    private synchronized String javaPeer(String name, List<String> peerArgs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, PEER_MAIN));
        command.addAll(peerArgs);
        command.addAll(List.of("--name", name));
        return started(ChildProcess.start(name, command, toolchain.suiteDir, Map.of()));
    }

    private synchronized String nodePeer(String name, List<String> peerArgs) {
        List<String> command = new ArrayList<>(List.of("node", "node-peer.js"));
        command.addAll(peerArgs);
        command.addAll(List.of("--name", name));
        return started(ChildProcess.start(name, command, toolchain.suiteDir, Map.of()));
    }

    private synchronized String started(ChildProcess peer) {
        running.add(peer);
        return "http://127.0.0.1:" + peer.awaitListening(STARTUP);
    }

    /**
     * Every server counts the others only once all have SUBSCRIBEd (PUBSUB NUMSUB) or SSUBSCRIBEd (PUBSUB SHARDNUMSUB)
     * the counted channel.
     */
    private void awaitServerCount(String redisUrl, String channel, boolean shardChannel, int servers) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            awaitCount(() -> (shardChannel ? connection.sync().pubsubShardNumsub(channel)
                            : connection.sync().pubsubNumsub(channel)).getOrDefault(channel, 0L),
                    (shardChannel ? "SHARDNUMSUB " : "NUMSUB ") + channel, servers);
        } finally {
            client.shutdown();
        }
    }

    private void awaitCount(java.util.function.LongSupplier count, String what, int servers) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = count.getAsLong();
            if (seen == servers) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("PUBSUB " + what + " = " + seen + ", expected " + servers + " within "
                + STARTUP.toSeconds() + " s" + peerLogs());
    }

    private synchronized String peerLogs() {
        StringBuilder logs = new StringBuilder();
        for (AutoCloseable process : running) {
            if (process instanceof ChildProcess child && !child.name().equals("redis")) {
                logs.append("\n--- ").append(child.name()).append(" ---\n").append(child.output());
            }
        }
        return logs.toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

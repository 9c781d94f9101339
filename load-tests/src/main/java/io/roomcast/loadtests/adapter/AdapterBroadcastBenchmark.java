package io.roomcast.loadtests.adapter;

import io.lettuce.core.RedisURI;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterObserver;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.MessageKind;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.internal.SocketIoServer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Broadcasts per second through one Redis between two cluster adapters ("nodes" A and B, each with its own lettuce
 * connections, in one JVM): A emits to a room as fast as B keeps up, B fans each broadcast out to its local
 * sockets. Sockets are {@link CountingSession}s, so the figure is the adapter path, not client I/O (issue 6 measures
 * the whole stack with real clients). Reports broadcasts/s, deliveries/s and CPU per delivery; writes JSON.
 *
 * <p>Environment: {@code REDIS_URL} (else a {@code redis-server} it starts on a free port), {@code SUBSCRIBERS}
 * (sockets on B, default 1000), {@code SECONDS} (measured window, default 10), {@code OUT} (JSON file).
 */
public final class AdapterBroadcastBenchmark {

    private static final String ROOM = "bench";
    private static final int MAX_BACKLOG = 200;

    public static void main(String[] args) throws Exception {
        int subscribers = intEnv("SUBSCRIBERS", 1000);
        int seconds = intEnv("SECONDS", 10);  // note: bash sets $SECONDS itself; the script passes it explicitly
        Path out = Path.of(System.getenv().getOrDefault("OUT", "target/adapter-broadcast.json"));
        try (LocalRedis redis = LocalRedis.fromEnvOrStart()) {
            Result result = run(redis, subscribers, seconds);
            String json = result.toJson();
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
            System.out.println(json);
        }
    }

    static Result run(LocalRedis redis, int subscribers, int seconds) throws Exception {
        DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
        AdapterOptions options = AdapterOptions.defaults().withKey("bench-" + System.nanoTime());
        try (RedisAdapterFactory clusterA = RedisAdapterFactory.connect(RedisURI.create(redis.url()), options);
             RedisAdapterFactory clusterB = RedisAdapterFactory.connect(RedisURI.create(redis.url()), options)) {
            SocketIoServer nodeA = new SocketIoServer(SocketIoOptions.defaults().withAdapter(clusterA));
            SocketIoServer nodeB = new SocketIoServer(SocketIoOptions.defaults().withAdapter(clusterB));
            ReceiverCounts receiver = new ReceiverCounts();
            clusterB.observe(receiver);
            LongAdder delivered = new LongAdder();
            connect(nodeB, subscribers, loops, delivered);
            nodeB.sockets().local().socketsJoin(ROOM);
            awaitReady(clusterA, clusterB);
            delivered.reset();

            String payload = "x".repeat(64); // text: one frame per delivery (binary would add an attachment frame)
            Publisher publisher = new Publisher(nodeA, delivered, subscribers, payload);
            publisher.runFor(Duration.ofSeconds(2));                       // warm-up
            long broadcasts0 = publisher.published();
            long delivered0 = delivered.sum();
            long cpu0 = processCpuNanos();
            long redisCpu0 = redis.cpuNanos();
            long t0 = System.nanoTime();
            publisher.runFor(Duration.ofSeconds(seconds));
            long elapsed = System.nanoTime() - t0;
            long deliveries = delivered.sum() - delivered0;
            long broadcasts = publisher.published() - broadcasts0;
            long cpu = processCpuNanos() - cpu0;
            long redisCpu = redis.cpuNanos() - redisCpu0;
            String receiverStats = receiver.toString();
            nodeA.close();
            nodeB.close();
            return new Result(subscribers, seconds, broadcasts, deliveries, elapsed, cpu, redisCpu,
                    receiverStats);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void connect(SocketIoServer node, int sockets, DefaultEventLoopGroup loops, LongAdder received)
            throws Exception {
        List<CountingSession> sessions = new ArrayList<>(sockets);
        for (int i = 0; i < sockets; i++) {
            EventExecutor loop = loops.next();
            CountingSession session = new CountingSession("s" + i, loop, received);
            sessions.add(session);
            loop.submit(() -> {
                node.onOpen(session);
                node.onMessage(session, "0"); // Socket.IO CONNECT to "/" (the Engine.IO "4" is already stripped)
            }).sync();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.sockets().sockets().size() < sockets && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (node.sockets().sockets().size() < sockets) {
            throw new IllegalStateException("only " + node.sockets().sockets().size() + " of " + sockets
                    + " sockets connected");
        }
    }

    private static void awaitReady(RedisAdapterFactory... clusters) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (RedisAdapterFactory cluster : clusters) {
            while (!cluster.isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster adapter not ready (Redis subscriptions) within 10 s");
                }
                Thread.sleep(10);
            }
        }
    }

    /** What node B's adapter received and dropped, for the report (the benchmark's own ClusterObserver). */
    private static final class ReceiverCounts implements ClusterObserver {
        private final LongAdder received = new LongAdder();
        private final LongAdder dropped = new LongAdder();

        @Override
        public void received(MessageKind kind) {
            received.increment();
        }

        @Override
        public void dropped(DropReason reason) {
            dropped.increment();
        }

        @Override
        public String toString() {
            return "received=" + received.sum() + ", dropped=" + dropped.sum();
        }
    }

    /** Publishes from node A, keeping at most {@link #MAX_BACKLOG} broadcasts in flight (measured at B). */
    private static final class Publisher {
        private final SocketIoServer node;
        private final LongAdder delivered;
        private final int subscribers;
        private final String payload;
        private long published;

        Publisher(SocketIoServer node, LongAdder delivered, int subscribers, String payload) {
            this.node = node;
            this.delivered = delivered;
            this.subscribers = subscribers;
            this.payload = payload;
        }

        void runFor(Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                if (published - delivered.sum() / subscribers < MAX_BACKLOG) {
                    node.sockets().to(ROOM).emit("tick", published, payload);
                    published++;
                } else {
                    LockSupport.parkNanos(20_000); // wait for B without burning the CPU we measure
                }
            }
        }

        long published() {
            return published;
        }
    }

    record Result(int subscribers, int seconds, long broadcasts, long deliveries, long elapsedNanos,
                  long jvmCpuNanos, long redisCpuNanos, String adapterStats) {

        String toJson() {
            double secs = elapsedNanos / 1e9;
            return String.format(Locale.ROOT, """
                    {
                      "benchmark": "adapter-broadcast",
                      "date": "%s",
                      "machine": {"cpus": %d, "os": "%s", "java": "%s", "host": "%s"},
                      "topology": "2 cluster adapters (nodes) in one JVM, 1 redis-server, sockets without network",
                      "subscribersOnReceivingNode": %d,
                      "measuredSeconds": %.2f,
                      "broadcasts": %d,
                      "broadcastsPerSecond": %.0f,
                      "deliveries": %d,
                      "deliveriesPerSecond": %.0f,
                      "jvmCpuMicrosPerBroadcast": %.2f,
                      "jvmCpuNanosPerDelivery": %.1f,
                      "redisCpuMicrosPerBroadcast": %.2f,
                      "receivingAdapterStats": "%s"
                    }
                    """, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("java.version"), hostName(), subscribers, secs, broadcasts,
                    broadcasts / secs, deliveries, deliveries / secs, jvmCpuNanos / 1e3 / Math.max(1, broadcasts),
                    (double) jvmCpuNanos / Math.max(1, deliveries), redisCpuNanos / 1e3 / Math.max(1, broadcasts),
                    adapterStats.replace("\"", "'"));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A Redis for the run: {@code REDIS_URL}, or a {@code redis-server} started on a free port and killed after. */
    static final class LocalRedis implements AutoCloseable {
        private final String url;
        private final Process process;

        private LocalRedis(String url, Process process) {
            this.url = url;
            this.process = process;
        }

        static LocalRedis fromEnvOrStart() throws IOException, InterruptedException {
            String url = System.getenv("REDIS_URL");
            if (url != null && !url.isBlank()) {
                return new LocalRedis(url, null);
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process process;
            try {
                process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new IllegalStateException("redis-server not found: install it (apt-get install redis-server) "
                        + "or set REDIS_URL", e);
            }
            Thread.sleep(300);
            return new LocalRedis("redis://127.0.0.1:" + port, process);
        }

        String url() {
            return url;
        }

        /** utime+stime of the redis-server we started, from /proc (0 when Redis is external). */
        long cpuNanos() throws IOException {
            if (process == null) {
                return 0;
            }
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        }

        @Override
        public void close() {
            if (process != null) {
                process.destroy();
            }
        }
    }
}

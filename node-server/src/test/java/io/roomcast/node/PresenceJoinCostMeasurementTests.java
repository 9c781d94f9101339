package io.roomcast.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.cluster.presence.AdapterPresenceStore;
import io.roomcast.cluster.presence.Member;
import io.roomcast.cluster.presence.PresenceStore;
import io.roomcast.cluster.presence.RedisPresenceOptions;
import io.roomcast.cluster.presence.RedisPresenceStore;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's measurement behind {@code PRESENCE}: what one join costs at 10k joins/s with each presence design, on two
 * nodes (two {@link RoomcastServer}s with the Redis adapter in this JVM) and one real redis-server. A join here is what
 * {@code Presence.join} does besides its notice (which is one adapter broadcast in both designs): the local
 * {@code socket.join} plus the store's record and the room's member list for the ack. {@code redis}: HSET + SADD +
 * HGETALL; {@code adapter}: a {@code fetchSockets} request to every node. Node A holds 20 sockets and runs the joins
 * (each of its sockets joins each of 1000 rooms, shuffled: 20,000 joins over 2 s, paced every 10 ms), node B holds
 * 5 members in each room. Each design runs twice, alternating, on a fresh Redis and fresh servers, so that the noise of
 * a shared machine shows. Prints and writes {@code load-tests/results/presence/presence-join-cost.json}; asserts only
 * that every issued join was answered (or failed), never a time.
 */
class PresenceJoinCostMeasurementTests {

    private static final int RATE = 10_000;
    private static final int SOCKETS_A = 20;
    private static final int SOCKETS_B = 20;
    private static final int ROOMS = 1_000;
    private static final int MEMBERS_B_PER_ROOM = 5;
    private static final Duration TICK = Duration.ofMillis(10);
    /** Joins not answered yet beyond this are not issued (counted as shed): the node is saturated. */
    private static final int MAX_IN_FLIGHT = 20_000;

    @Test
    void shouldMeasureTheCostOfAJoinAtTenThousandJoinsPerSecond() throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("when", Instant.now().toString());
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, load average "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        results.put("workload", Map.of("targetJoinsPerSecond", RATE, "joins", SOCKETS_A * ROOMS,
                "roomsJoined", ROOMS, "socketsOnNodeA", SOCKETS_A, "membersOnNodeBPerRoom", MEMBERS_B_PER_ROOM));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String mode : List.of("redis", "adapter", "redis", "adapter")) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("presence", mode);
            run.put("loadAverageBefore", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            run.putAll(measure(mode));
            runs.add(run);
            System.out.println("presence join cost: " + run);
        }
        results.put("runs", runs);
        Path out = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                .normalize().getParent().resolve("load-tests/results/presence");
        Files.createDirectories(out);
        Files.writeString(out.resolve("presence-join-cost.json"), new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results) + "\n");
        System.out.println("written to " + out.resolve("presence-join-cost.json"));
        assertThat(runs).hasSize(4);
    }

    private Map<String, Object> measure(String mode) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             Cluster cluster = Cluster.start(redis.url())) {
            PresenceStore storeA;
            PresenceStore storeB;
            Function<RemoteSocket, Member> memberOf = s -> new Member(s.id(), s.id(), "n");
            if (mode.equals("redis")) {
                RedisPresenceOptions options = RedisPresenceOptions.defaults().withKey("bench");
                storeA = RedisPresenceStore.connect(RedisURI.create(redis.url()), options);
                storeB = RedisPresenceStore.connect(RedisURI.create(redis.url()), options);
            } else {
                storeA = new AdapterPresenceStore(cluster.a.sockets(), memberOf);
                storeB = new AdapterPresenceStore(cluster.b.sockets(), memberOf);
            }
            try {
                List<Socket> socketsB = new ArrayList<>(cluster.b.sockets().sockets().values());
                List<CompletableFuture<Void>> setup = new ArrayList<>();
                for (int room = 0; room < ROOMS; room++) {
                    for (int k = 0; k < MEMBERS_B_PER_ROOM; k++) {
                        Socket socket = socketsB.get((room * MEMBERS_B_PER_ROOM + k) % socketsB.size());
                        socket.join("room-" + room);
                        setup.add(storeB.add("/", "room-" + room, memberOf.apply(socket)));
                    }
                }
                CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                Thread.sleep(500); // let the set-up traffic settle before the counters are read (not a wait for an event)
                return run(mode, cluster, storeA, redis.url(), memberOf);
            } finally {
                storeA.close();
                storeB.close();
            }
        }
    }

    private Map<String, Object> run(String mode, Cluster cluster, PresenceStore store, String redisUrl,
                                    Function<RemoteSocket, Member> memberOf) throws Exception {
        List<Socket> sockets = new ArrayList<>(cluster.a.sockets().sockets().values());
        int total = sockets.size() * ROOMS;
        int[] order = shuffled(total);
        long[] latencyNanos = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong membersSeen = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Map<String, Long> redisBefore = redisInfo(redisUrl);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        int issued = 0;
        int shed = 0;
        int perTick = (int) (RATE * TICK.toMillis() / 1000);
        long tick = 0;
        while (issued + shed < total) {
            long due = start + tick * TICK.toNanos();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // the pace of the open loop, not a wait for an event
            }
            tick++;
            for (int i = 0; i < perTick && issued + shed < total; i++) {
                int n = order[issued + shed];
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                    shed++;
                    continue;
                }
                Socket socket = sockets.get(n % sockets.size());
                String room = "room-" + (n / sockets.size());
                long begun = System.nanoTime();
                inFlight.incrementAndGet();
                int slot = issued++;
                socket.join(room);
                store.add("/", room, memberOf.apply(socket))
                        .thenCompose(added -> store.members("/", room))
                        .whenComplete((members, error) -> {
                            latencyNanos[slot] = System.nanoTime() - begun;
                            inFlight.decrementAndGet();
                            if (error != null) {
                                failed.incrementAndGet();
                                if (errors.size() < 3) {
                                    errors.add(error.toString());
                                }
                            } else {
                                membersSeen.addAndGet(members.size());
                            }
                            done.incrementAndGet();
                        });
            }
        }
        long issuedAt = System.nanoTime();
        int finalIssued = issued;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (done.get() < finalIssued && System.nanoTime() < deadline) {
            Thread.sleep(5); // waiting for the last answers; bounded
        }
        long elapsed = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuBefore;
        Map<String, Long> redisAfter = redisInfo(redisUrl);
        int completed = done.get();
        long[] sorted = Arrays.copyOf(latencyNanos, finalIssued);
        Arrays.sort(sorted);

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("joinsIssued", finalIssued);
        run.put("joinsShed", shed);
        run.put("joinsFailed", failed.get());
        run.put("firstErrors", List.copyOf(errors));
        run.put("issueSeconds", round((issuedAt - start) / 1e9));
        run.put("achievedJoinsPerSecond", Math.round((completed - failed.get()) / (elapsed / 1e9)));
        run.put("ackLatencyMillis", Map.of("p50", millis(sorted, 0.50), "p99", millis(sorted, 0.99),
                "max", millis(sorted, 1.0)));
        run.put("membersPerAnswer", round((double) membersSeen.get() / Math.max(1, completed - failed.get())));
        run.put("jvmCpuMicrosPerJoin", round(cpu / 1e3 / Math.max(1, completed)));
        run.put("jvmCpuCoresBusy", round((double) cpu / elapsed));
        double redisCpu = (redisAfter.get("cpu_micros") - redisBefore.get("cpu_micros"));
        run.put("redisCpuMicrosPerJoin", round(redisCpu / Math.max(1, completed)));
        run.put("redisCommandsPerJoin", round((double) (redisAfter.get("commands") - redisBefore.get("commands"))
                / Math.max(1, completed)));
        run.put("redisBytesPerJoin", Math.round((double) (redisAfter.get("bytes") - redisBefore.get("bytes"))
                / Math.max(1, completed)));
        assertThat(completed).as(mode + ": every issued join was answered").isEqualTo(finalIssued);
        return run;
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return round(sorted[Math.max(0, index)] / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Random random = new java.util.Random(16);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** used_cpu_sys + used_cpu_user (µs), total_commands_processed, and net input + output bytes of the Redis. */
    private static Map<String, Long> redisInfo(String url) {
        try (RedisClient client = RedisClient.create(url);
             StatefulRedisConnection<String, String> connection = client.connect()) {
            String info = connection.sync().info();
            Map<String, String> fields = new LinkedHashMap<>();
            info.lines().filter(l -> l.contains(":")).forEach(l -> fields.put(l.substring(0, l.indexOf(':')),
                    l.substring(l.indexOf(':') + 1).trim()));
            long cpu = Math.round((Double.parseDouble(fields.get("used_cpu_sys"))
                    + Double.parseDouble(fields.get("used_cpu_user"))) * 1e6);
            return Map.of("cpu_micros", cpu,
                    "commands", Long.parseLong(fields.get("total_commands_processed")),
                    "bytes", Long.parseLong(fields.get("total_net_input_bytes"))
                            + Long.parseLong(fields.get("total_net_output_bytes")));
        }
    }

    /** Two servers with the Redis adapter, each with its idle clients connected. */
    private record Cluster(RoomcastServer a, RoomcastServer b, List<RawSocketIoClient> clients)
            implements AutoCloseable {

        static Cluster start(String redisUrl) throws Exception {
            RoomcastServer a = server(redisUrl);
            RoomcastServer b = server(redisUrl);
            List<RawSocketIoClient> clients = new ArrayList<>();
            for (int i = 0; i < SOCKETS_A; i++) {
                clients.add(RawSocketIoClient.connect(a.port()));
            }
            for (int i = 0; i < SOCKETS_B; i++) {
                clients.add(RawSocketIoClient.connect(b.port()));
            }
            Await.until("both servers see their clients and each other", Duration.ofSeconds(30),
                    () -> a.sockets().sockets().size() == SOCKETS_A && b.sockets().sockets().size() == SOCKETS_B
                            && a.sockets().serverCount().join() == 2);
            return new Cluster(a, b, clients);
        }

        private static RoomcastServer server(String redisUrl) throws Exception {
            return RoomcastServer.builder().host("127.0.0.1").port(NodeProcess.freePort())
                    .adapter(RedisAdapterFactory.connect(redisUrl)).build().start();
        }

        @Override
        public void close() {
            clients.forEach(RawSocketIoClient::close);
            a.close();
            b.close();
        }
    }
}

package io.roomcast.loadtests.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The JVM load generator: one process, one Netty client, many Socket.IO (or raw) WebSocket connections to loopback
 * servers; runs one {@link Scenario}, writes a JSON result and an SVG chart, and exits by itself. A watchdog ends
 * the process if the run outlives its own bound.
 *
 * <p>Usage: {@code LoadGenerator --target ws://127.0.0.1:3000[,ws://127.0.0.1:3001] --scenario fanout|connect|idle
 * --connections N --rooms R --publishers P --rate msgs/s|max --duration 10s --warmup 3s
 * --source-addresses 127.0.0.2-127.0.0.9 --protocol socketio|raw --server-pids 123,456 --out r.json --chart r.svg}
 */
public final class LoadGenerator {
    /** Deliveries still missing after this long without any arriving are lost. */
    private static final Duration DRAIN_QUIET = Duration.ofSeconds(3);
    private static final Duration MAX_DRAIN = Duration.ofSeconds(30);
    private static final int MAX_BATCH = 64;

    private final GeneratorOptions options;
    private final Clock clock = new Clock();
    private final RunCounters counters = new RunCounters();

    public LoadGenerator(GeneratorOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(args, System.getenv());
            options.requireWithinFileLimit(ProcessProbe.openFileLimit());
        } catch (IllegalArgumentException e) {
            System.err.println("load generator: " + e.getMessage());
            System.exit(2);
            return;
        }
        startWatchdog(bound(options));
        Map<String, Object> result = new LoadGenerator(options).run();
        System.exit(Boolean.TRUE.equals(result.get("ok")) ? 0 : 1);
    }

    /** Longest the whole process may live: connect phase, warmup, window, drain, plus slack. */
    static Duration bound(GeneratorOptions options) {
        Duration connectBudget = Duration.ofSeconds(60 + options.totalConnections() / 100);
        return connectBudget.plus(options.warmup()).plus(options.duration()).plus(MAX_DRAIN).plus(Duration.ofSeconds(60));
    }

    private static void startWatchdog(Duration bound) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
                System.err.println("load generator: run exceeded its bound of " + bound + ", stopping");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Runs the scenario, writes {@code --out} (and {@code --chart}), returns the result tree. */
    public Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", options.label());
        result.put("scenario", options.scenario().name().toLowerCase());
        result.put("protocol", options.protocol().name().toLowerCase());
        result.put("startedAt", Instant.now().toString());
        result.put("targets", options.targets().stream().map(Object::toString).toList());
        result.put("connections", options.connections());
        result.put("sourceAddresses", options.sourceAddresses().size());
        List<DeliveryStats.Sample> timeline = List.of();
        try (Connector connector = new Connector(options, counters, clock)) {
            result.put("transport", connector.epoll() ? "epoll" : "nio");
            Map<Long, Long> heapBefore = options.heapProbe() ? heapOfServers() : Map.of();
            List<ProcessProbe.Reading> idleBefore = readServers();
            long connectStart = clock.now();
            List<GeneratorConnection> connections = openAll(connector);
            long connectEnd = clock.now();
            result.put("connect", connectSummary(connections.size(), connectStart, connectEnd));
            switch (options.scenario()) {
                case CONNECT -> result.put("ok", counters.connectFailures.sum() == 0);
                case IDLE -> {
                    Thread.sleep(2000);
                    System.out.println("HOLDING " + counters.connected.sum());
                    result.put("idle", idleSummary(idleBefore, heapBefore));
                    Thread.sleep(options.duration().toMillis());
                    result.put("unexpectedCloses", counters.unexpectedCloses.sum());
                    result.put("ok", counters.connectFailures.sum() == 0 && counters.unexpectedCloses.sum() == 0);
                }
                case FANOUT -> {
                    DeliveryStats stats = fanout(connections, result);
                    timeline = stats.timeline();
                }
            }
            connections.forEach(GeneratorConnection::close);
        }
        result.put("generatorCpuSeconds", ProcessProbe.read(ProcessHandle.current().pid()).cpuNanos() / 1e9);
        write(result, timeline);
        return result;
    }

    private List<GeneratorConnection> openAll(Connector connector) throws InterruptedException {
        List<GeneratorConnection> connections = new ArrayList<>(options.totalConnections());
        for (int i = 0; i < options.totalConnections(); i++) {
            connections.add(connector.open(i));
        }
        CompletableFuture<?> all = CompletableFuture.allOf(connections.stream()
                .map(c -> c.connected.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
        try {
            all.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            System.err.println("load generator: not every connection finished connecting in 60 s");
        }
        return connections;
    }

    private DeliveryStats fanout(List<GeneratorConnection> connections, Map<String, Object> result)
            throws Exception {
        RoomPlan plan = new RoomPlan(options.connections(), options.rooms(), options.publishers());
        List<GeneratorConnection> publishers = connections.subList(options.connections(), connections.size());
        for (int i = 0; i < connections.size(); i++) {
            GeneratorConnection connection = connections.get(i);
            if (connection.connected.isCompletedExceptionally()) {
                continue;
            }
            int[] rooms = i < options.connections()
                    ? new int[] {plan.subscriberRoom(i)}
                    : plan.publisherRooms(i - options.connections());
            connection.join(java.util.Arrays.stream(rooms).mapToObj(RoomPlan::roomName).toArray(String[]::new));
        }
        try {
            CompletableFuture.allOf(connections.stream().map(c -> c.joined.exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("load generator: not every join was acknowledged in 60 s");
        }
        // Deliveries expected per message = members whose join was acknowledged, not the plan's ideal sizes.
        int[] sizes = new int[plan.rooms()];
        for (int i = 0; i < connections.size(); i++) {
            GeneratorConnection connection = connections.get(i);
            if (connection.joined.isDone() && !connection.joined.isCompletedExceptionally()) {
                int[] rooms = i < options.connections()
                        ? new int[] {plan.subscriberRoom(i)}
                        : plan.publisherRooms(i - options.connections());
                for (int room : rooms) {
                    sizes[room]++;
                }
            }
        }
        // "max" keeps at most this many deliveries in flight, but always room for two messages to the largest room,
        // so a single huge room still has one fan-out queued behind the one in progress.
        long maxOutstanding = Math.max(options.maxOutstanding(), 2L * java.util.Arrays.stream(sizes).max().orElse(1));
        long windowStart = clock.now() + options.warmup().toNanos();
        long windowEnd = windowStart + options.duration().toNanos();
        DeliveryStats stats = new DeliveryStats(windowStart, windowEnd);
        connections.forEach(c -> c.deliverTo(stats));

        List<ScheduledFuture<?>> ticks = new ArrayList<>();
        double ratePerPublisher = options.rate() / publishers.size();
        for (int j = 0; j < publishers.size(); j++) {
            GeneratorConnection publisher = publishers.get(j);
            if (publisher.connected.isCompletedExceptionally() || publisher.joined.isCompletedExceptionally()) {
                continue;
            }
            Channel channel = publisher.connected.join();
            int[] rooms = plan.publisherRooms(j);
            PublishPacer pacer = new PublishPacer(clock.now(), ratePerPublisher, MAX_BATCH);
            Runnable tick = publishTick(publisher, channel, rooms, sizes, pacer, stats, windowEnd, maxOutstanding);
            ticks.add(channel.eventLoop().scheduleAtFixedRate(tick, 0, 1, TimeUnit.MILLISECONDS));
        }
        sleepUntil(windowStart);
        List<ProcessProbe.Reading> before = readServers();
        List<ProcessProbe.Reading> auxBefore = options.auxPids().stream().map(ProcessProbe::read).toList();
        stats.startSampling();
        long lastSample = clock.now();
        while (clock.now() < windowEnd) {
            Thread.sleep(Math.max(1, Math.min(1000, (windowEnd - clock.now()) / 1_000_000)));
            long now = clock.now();
            stats.sample(now, (now - lastSample) / 1e9);
            lastSample = now;
        }
        List<ProcessProbe.Reading> after = readServers();
        List<ProcessProbe.Reading> auxAfter = options.auxPids().stream().map(ProcessProbe::read).toList();
        ticks.forEach(t -> t.cancel(false));
        // Drain: wait while deliveries still arrive; what has not arrived once they stop (or after MAX_DRAIN) is lost.
        long drainStart = clock.now();
        long lastProgress = drainStart;
        long lastReceived = stats.receivedTotal();
        while (stats.receivedFromWindow() < stats.expectedFromWindow()
                && clock.now() - lastProgress < DRAIN_QUIET.toNanos()
                && clock.now() - drainStart < MAX_DRAIN.toNanos()) {
            Thread.sleep(50);
            if (stats.receivedTotal() != lastReceived) {
                lastReceived = stats.receivedTotal();
                lastProgress = clock.now();
            }
        }
        double drainSeconds = (clock.now() - drainStart) / 1e9;
        result.put("fanout", fanoutSummary(plan, sizes, stats, drainSeconds, maxOutstanding));
        result.put("servers", serverSummary(before, after, stats.receivedInWindow()));
        result.put("aux", serverSummary(auxBefore, auxAfter, stats.receivedInWindow()));
        result.put("ok", stats.receivedInWindow() > 0);
        return stats;
    }

    private Runnable publishTick(GeneratorConnection publisher, Channel channel, int[] rooms, int[] sizes,
            PublishPacer pacer, DeliveryStats stats, long windowEnd, long maxOutstanding) {
        int[] next = {0};
        return () -> {
            long now = clock.now();
            if (now >= windowEnd || !channel.isActive() || !channel.isWritable()) {
                return;
            }
            int count = pacer.due(now);
            boolean wrote = false;
            for (int i = 0; i < count; i++) {
                int room = rooms[next[0] % rooms.length];
                int size = sizes[room];
                if (!pacer.paced() && stats.outstanding() + size > maxOutstanding
                        && stats.outstanding() > 0) {
                    break;
                }
                next[0]++;
                long stamp = pacer.next(now);
                stats.sent(stamp, size);
                publisher.publish(channel, RoomPlan.roomName(room), Stamp.text(stamp, options.payloadBytes()));
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
        };
    }

    private void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - clock.now();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private Map<String, Object> connectSummary(int attempted, long start, long end) {
        Map<String, Object> connect = new LinkedHashMap<>();
        long connected = counters.connected.sum();
        double seconds = Math.max(1e-9, (end - start) / 1e9);
        connect.put("attempted", attempted);
        connect.put("connected", connected);
        connect.put("failed", counters.connectFailures.sum());
        connect.put("connectErrors", counters.connectErrors.sum());
        Map<String, Long> reasons = new java.util.TreeMap<>();
        counters.failureReasons.forEach((reason, count) -> reasons.put(reason, count.sum()));
        connect.put("failureReasons", reasons);
        connect.put("seconds", round(seconds));
        connect.put("perSecond", round(connected / seconds));
        connect.put("latencyMs", percentiles(counters.connectMicros.getIntervalHistogram()));
        return connect;
    }

    private Map<String, Object> idleSummary(List<ProcessProbe.Reading> before, Map<Long, Long> heapBefore) {
        long connected = Math.max(1, counters.connected.sum());
        Map<Long, Long> heapAfter = options.heapProbe() ? heapOfServers() : Map.of();
        List<Map<String, Object>> servers = new ArrayList<>();
        long rssDelta = 0;
        long heapDelta = 0;
        boolean heapKnown = !heapAfter.isEmpty();
        for (ProcessProbe.Reading start : before) {
            ProcessProbe.Reading now = ProcessProbe.read(start.pid());
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("pid", start.pid());
            server.put("rssBeforeKb", start.rssKb());
            server.put("rssHoldingKb", now.rssKb());
            rssDelta += now.rssKb() - start.rssKb();
            long hb = heapBefore.getOrDefault(start.pid(), -1L);
            long ha = heapAfter.getOrDefault(start.pid(), -1L);
            server.put("heapUsedBeforeKb", hb);
            server.put("heapUsedHoldingKb", ha);
            if (hb >= 0 && ha >= 0) {
                heapDelta += ha - hb;
            } else {
                heapKnown = false;
            }
            servers.add(server);
        }
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("holding", counters.connected.sum());
        idle.put("servers", servers);
        idle.put("rssBytesPerConnection", before.isEmpty() ? null : round(rssDelta * 1024.0 / connected));
        idle.put("heapBytesPerConnection", heapKnown ? round(heapDelta * 1024.0 / connected) : null);
        return idle;
    }

    private Map<String, Object> fanoutSummary(RoomPlan plan, int[] sizes, DeliveryStats stats, double drainSeconds,
            long maxOutstanding) {
        Map<String, Object> fanout = new LinkedHashMap<>();
        fanout.put("rooms", plan.rooms());
        fanout.put("publishers", plan.publishers());
        fanout.put("roomSize", plan.size(0));
        fanout.put("joinedMembers", java.util.Arrays.stream(sizes).sum());
        fanout.put("targetRate", options.rate() == 0 ? "max" : options.rate());
        fanout.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        fanout.put("windowSeconds", stats.windowSeconds());
        fanout.put("published", stats.published());
        fanout.put("publishedInWindow", stats.publishedInWindow());
        fanout.put("publishPerSecond", round(stats.publishedInWindow() / stats.windowSeconds()));
        fanout.put("deliveriesInWindow", stats.receivedInWindow());
        fanout.put("deliveriesPerSecond", round(stats.receivedInWindow() / stats.windowSeconds()));
        fanout.put("expectedFromWindow", stats.expectedFromWindow());
        fanout.put("receivedFromWindow", stats.receivedFromWindow());
        fanout.put("lostFromWindow", stats.lostFromWindow());
        fanout.put("drainSeconds", round(drainSeconds));
        fanout.put("maxOutstandingDeliveries", options.rate() == 0 ? maxOutstanding : null);
        fanout.put("unparsable", stats.unparsable());
        fanout.put("joinAcks", counters.joinAcks.sum());
        fanout.put("joinErrors", counters.joinErrors.sum());
        fanout.put("messageAcks", counters.messageAcks.sum());
        fanout.put("messageErrors", counters.messageErrors.sum());
        fanout.put("unexpectedCloses", counters.unexpectedCloses.sum());
        fanout.put("latencyMs", percentiles(stats.latencies()));
        return fanout;
    }

    private Map<String, Object> serverSummary(List<ProcessProbe.Reading> before, List<ProcessProbe.Reading> after,
            long deliveries) {
        Map<String, Object> servers = new LinkedHashMap<>();
        long cpu = 0;
        long user = 0;
        long system = 0;
        List<Map<String, Object>> processes = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            long delta = after.get(i).cpuNanos() - before.get(i).cpuNanos();
            long userDelta = after.get(i).userNanos() - before.get(i).userNanos();
            cpu += delta;
            user += userDelta;
            system += delta - userDelta;
            Map<String, Object> process = new LinkedHashMap<>();
            process.put("pid", before.get(i).pid());
            process.put("cpuSeconds", round(delta / 1e9));
            process.put("userCpuSeconds", round(userDelta / 1e9));
            process.put("rssKb", after.get(i).rssKb());
            processes.add(process);
        }
        servers.put("processes", processes);
        servers.put("cpuSeconds", round(cpu / 1e9));
        boolean perDelivery = !before.isEmpty() && deliveries > 0;
        servers.put("cpuMicrosPerDelivery", perDelivery ? round(cpu / 1e3 / deliveries) : null);
        servers.put("userMicrosPerDelivery", perDelivery ? round(user / 1e3 / deliveries) : null);
        servers.put("systemMicrosPerDelivery", perDelivery ? round(system / 1e3 / deliveries) : null);
        return servers;
    }

    private List<ProcessProbe.Reading> readServers() {
        return options.serverPids().stream().map(ProcessProbe::read).toList();
    }

    private Map<Long, Long> heapOfServers() {
        Map<Long, Long> heap = new LinkedHashMap<>();
        for (long pid : options.serverPids()) {
            heap.put(pid, ProcessProbe.heapUsedAfterGcKb(pid));
        }
        return heap;
    }

    static Map<String, Object> percentiles(Histogram micros) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", micros.getTotalCount());
        if (micros.getTotalCount() == 0) {
            return result;
        }
        result.put("p50", micros.getValueAtPercentile(50) / 1000.0);
        result.put("p90", micros.getValueAtPercentile(90) / 1000.0);
        result.put("p99", micros.getValueAtPercentile(99) / 1000.0);
        result.put("p999", micros.getValueAtPercentile(99.9) / 1000.0);
        result.put("max", micros.getMaxValue() / 1000.0);
        result.put("mean", round(micros.getMean() / 1000.0));
        return result;
    }

    private void write(Map<String, Object> result, List<DeliveryStats.Sample> timeline) throws IOException {
        if (!timeline.isEmpty()) {
            double origin = timeline.get(0).atSeconds();
            result.put("timeline", timeline.stream().map(s -> Map.of(
                    "t", round(s.atSeconds() - origin),
                    "deliveriesPerSecond", round(s.deliveriesPerSecond()),
                    "p50Ms", Double.isNaN(s.p50Millis()) ? -1 : s.p50Millis(),
                    "p99Ms", Double.isNaN(s.p99Millis()) ? -1 : s.p99Millis())).toList());
        }
        Path out = options.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        if (options.chart() != null) {
            Path chart = options.chart().toAbsolutePath();
            Files.createDirectories(chart.getParent());
            Files.writeString(chart, SvgChart.render(options.label() + " — " + options.scenario().name().toLowerCase()
                    + " (" + options.protocol().name().toLowerCase() + ")", timeline));
        }
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

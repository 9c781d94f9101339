package io.roomcast.loadtests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the orchestrator's {@code bench-<system>-<scenario>.json} files (and {@code bench-meta.json}) into the
 * issue-6 section of BENCHMARKS.md, between {@code <!-- bench:start -->} and {@code <!-- bench:end -->}; the rest of
 * the file is left as it is. Usage: {@code BenchmarkReport <results dir> <BENCHMARKS.md>}.
 */
public final class BenchmarkReport {
    static final String START = "<!-- bench:start -->";
    static final String END = "<!-- bench:end -->";
    static final Map<String, String> SYSTEMS = new LinkedHashMap<>();

    static {
        SYSTEMS.put("roomcast", "Roomcast (2 nodes, cluster adapter, Redis)");
        SYSTEMS.put("node", "Node.js socket.io 4.8.4 + @socket.io/redis-adapter 8.3.0 (2 processes)");
        SYSTEMS.put("nettysocketio", "netty-socketio 2.0.14 + RedissonStoreFactory (2 nodes)");
        SYSTEMS.put("raw", "raw Netty WebSocket broadcast (1 node, no Socket.IO, no Redis)");
    }

    private final Path results;
    private final ObjectMapper mapper = new ObjectMapper();

    BenchmarkReport(Path results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "load-tests/results");
        Path markdown = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
        String section = new BenchmarkReport(results).render();
        String existing = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n";
        Files.writeString(markdown, splice(existing, section));
        System.out.println("wrote " + markdown);
    }

    /**
     * Replaces the marked section, or appends it when the file has none yet. A start marker without an end marker
     * after it is refused: appending a second section would make the next run replace everything between the two.
     */
    static String splice(String document, String section) {
        int start = document.indexOf(START);
        String block = START + "\n" + section + END + "\n";
        if (start < 0) {
            return document.stripTrailing() + "\n\n" + block;
        }
        int end = document.indexOf(END, start);
        if (end < 0) {
            throw new IllegalArgumentException(START + " without " + END + " after it");
        }
        return document.substring(0, start) + block + document.substring(end + END.length()).replaceFirst("^\n", "");
    }

    JsonNode load(String system, String scenario) {
        Path file = results.resolve("bench-" + system + "-" + scenario + ".json");
        try {
            return Files.exists(file) ? mapper.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    String render() throws IOException {
        JsonNode meta = mapper.readTree(results.resolve("bench-meta.json").toFile());
        StringBuilder md = new StringBuilder();
        md.append("## Whole stack with real clients: Roomcast beside Node.js, netty-socketio and raw Netty (issue 6)\n\n");
        if (meta.path("quick").asBoolean()) {
            md.append("**Smoke run (`--quick`): a few seconds per scenario and small counts, to prove the pipeline; "
                    + "the figures are not a benchmark.**\n\n");
        }
        md.append("`load-tests/bench/run-benchmark.sh` — one command, one session, one generator "
                + "(`io.roomcast.loadtests.generator.LoadGenerator`: one JVM, Netty epoll client, Socket.IO over "
                + "websocket, source addresses 127.0.0.2–9) against each system in turn, on one `redis-server`. "
                + "A delivery is one `message` event received by one subscriber; latency is receive − send on the "
                + "generator's clock (fixed-rate stamps are the intended send time, so queueing is not hidden); "
                + "server CPU is utime+stime from `/proc/<pid>/stat` of the socket nodes over the measured window "
                + "÷ deliveries in it (Redis CPU apart). Raw JSON and SVG charts: `load-tests/results/bench-*`.\n\n");
        md.append("Run ").append(meta.path("date").asText()).append(" on ").append(meta.path("machine").asText())
                .append(". Versions: ").append(meta.path("versions").asText()).append(". Generator and servers share "
                        + "the same cores").append(meta.path("note").asText().isEmpty() ? "" : "; " + meta.path("note").asText())
                .append(".\n\n");
        saturation(md, meta);
        fixedRates(md);
        overload(md);
        idle(md);
        connect(md);
        scaling(md, "rooms", "Scaling with rooms: deliveries/s, max rate, "
                + meta.path("scaleRoomsConnections").asText() + " subscribers spread over R rooms", "rooms=");
        scaling(md, "subs", "Scaling with subscribers per room: deliveries/s, max rate, "
                + meta.path("scaleSubsRooms").asText() + " rooms", "subscribers per room=");
        return md.toString();
    }

    private void saturation(StringBuilder md, JsonNode meta) {
        md.append("### Saturation (").append(meta.path("saturation").asText()).append(", publishers as fast as "
                + "deliveries come back)\n\n");
        md.append("| system | deliveries/s | messages/s | server CPU per delivery | Redis CPU (s) | lost | "
                + "p50 / p99 ms | Roomcast ÷ system (deliveries/s) | system ÷ Roomcast (CPU/delivery) | "
                + "system ÷ Roomcast (user CPU/delivery) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        JsonNode roomcast = load("roomcast", "saturation");
        for (var system : SYSTEMS.entrySet()) {
            JsonNode run = load(system.getKey(), "saturation");
            if (run == null) {
                md.append("| ").append(system.getValue()).append(" | not run | | | | | | | | |\n");
                continue;
            }
            JsonNode f = run.path("fanout");
            JsonNode servers = run.path("servers");
            md.append("| ").append(system.getValue())
                    .append(" | ").append(num(f.path("deliveriesPerSecond").asDouble()))
                    .append(" | ").append(num(f.path("publishPerSecond").asDouble()))
                    .append(" | ").append(cpuWithSplit(servers))
                    .append(" | ").append(auxCpuSeconds(run.path("aux")))
                    .append(" | ").append(f.path("lostFromWindow").asLong())
                    .append(" | ").append(ms(f.path("latencyMs").path("p50"))).append(" / ")
                    .append(ms(f.path("latencyMs").path("p99")))
                    .append(" | ").append(ratio(field(roomcast, "fanout", "deliveriesPerSecond"),
                            f.path("deliveriesPerSecond")))
                    .append(" | ").append(ratio(servers.path("cpuMicrosPerDelivery"),
                            field(roomcast, "servers", "cpuMicrosPerDelivery")))
                    .append(" | ").append(ratio(servers.path("userMicrosPerDelivery"),
                            field(roomcast, "servers", "userMicrosPerDelivery")))
                    .append(" |\n");
        }
        md.append('\n');
    }

    /**
     * Server CPU per delivery, with its user/system split when the generator wrote one: on loopback the kernel's TCP
     * work for both ends is charged to the writer's system time, the same for every server, so user time is the part
     * that is the server's own code. Results from before the split show the total alone.
     */
    static String cpuWithSplit(JsonNode servers) {
        JsonNode total = servers.path("cpuMicrosPerDelivery");
        JsonNode user = servers.path("userMicrosPerDelivery");
        JsonNode system = servers.path("systemMicrosPerDelivery");
        if (!total.isNumber() || !user.isNumber() || !system.isNumber()) {
            return micros(total);
        }
        return micros(total) + String.format(Locale.ROOT, " (user %.2f + sys %.2f)", user.asDouble(), system.asDouble());
    }

    private static JsonNode field(JsonNode run, String section, String name) {
        return run == null ? MissingNode.getInstance() : run.path(section).path(name);
    }

    /** A ratio of two measured, positive figures; "—" when either side was not measured or is zero. */
    static String ratio(JsonNode numerator, JsonNode denominator) {
        if (!numerator.isNumber() || !denominator.isNumber()
                || numerator.asDouble() <= 0 || denominator.asDouble() <= 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f", numerator.asDouble() / denominator.asDouble());
    }

    /** Redis CPU over the window; "—" for a system run without Redis (the generator then writes no processes). */
    static String auxCpuSeconds(JsonNode aux) {
        boolean noProcesses = aux.path("processes").isArray() && aux.path("processes").isEmpty();
        if (noProcesses || !aux.path("cpuSeconds").isNumber()) {
            return "—";
        }
        return num(aux.path("cpuSeconds").asDouble());
    }

    private void fixedRates(StringBuilder md) {
        md.append("### Delivery latency at fixed rates (25/50/75 % of the slowest system's saturation rate)\n\n");
        md.append("| system | messages/s | deliveries/s | p50 ms | p99 ms | p99.9 ms | lost | server CPU per delivery |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (var system : SYSTEMS.entrySet()) {
            for (String pct : List.of("25", "50", "75")) {
                JsonNode run = load(system.getKey(), "rate" + pct);
                if (run == null) {
                    continue;
                }
                JsonNode f = run.path("fanout");
                md.append("| ").append(system.getValue()).append(" | ").append(num(f.path("targetRate").asDouble()))
                        .append(" (").append(pct).append(" %) | ").append(num(f.path("deliveriesPerSecond").asDouble()))
                        .append(" | ").append(ms(f.path("latencyMs").path("p50")))
                        .append(" | ").append(ms(f.path("latencyMs").path("p99")))
                        .append(" | ").append(ms(f.path("latencyMs").path("p999")))
                        .append(" | ").append(f.path("lostFromWindow").asLong())
                        .append(" | ").append(micros(run.path("servers").path("cpuMicrosPerDelivery"))).append(" |\n");
            }
        }
        md.append('\n');
    }

    private void overload(StringBuilder md) {
        md.append("### Overload (fixed rate at 150 % of the system's own saturation rate)\n\n");
        md.append("Lost = deliveries of messages sent in the window that had not arrived when none had arrived for "
                + "3 s after the window closed (at most 30 s); expected = members of the room whose join was "
                + "acknowledged. The generator counts them; the servers themselves report nothing.\n\n");
        md.append("| system | messages/s asked | messages/s sent | deliveries/s | expected | received | lost | "
                + "p99 ms | message errors | unexpected closes |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (var system : SYSTEMS.entrySet()) {
            JsonNode run = load(system.getKey(), "overload");
            if (run == null) {
                continue;
            }
            JsonNode f = run.path("fanout");
            md.append("| ").append(system.getValue()).append(" | ").append(num(f.path("targetRate").asDouble()))
                    .append(" | ").append(num(f.path("publishPerSecond").asDouble()))
                    .append(" | ").append(num(f.path("deliveriesPerSecond").asDouble()))
                    .append(" | ").append(f.path("expectedFromWindow").asLong())
                    .append(" | ").append(f.path("receivedFromWindow").asLong())
                    .append(" | ").append(f.path("lostFromWindow").asLong())
                    .append(" | ").append(ms(f.path("latencyMs").path("p99")))
                    .append(" | ").append(f.path("messageErrors").asLong())
                    .append(" | ").append(f.path("unexpectedCloses").asLong()).append(" |\n");
        }
        md.append('\n');
    }

    private void idle(StringBuilder md) {
        md.append("### Memory per idle connection (all nodes together; heap = used after a full GC, JVMs only)\n\n");
        md.append("| system | connections | held | heap bytes/connection | RSS bytes/connection |\n|---|---|---|---|---|\n");
        for (var system : SYSTEMS.entrySet()) {
            for (String scenario : List.of("idle-small", "idle-large")) {
                JsonNode run = load(system.getKey(), scenario);
                if (run == null) {
                    continue;
                }
                JsonNode idle = run.path("idle");
                md.append("| ").append(system.getValue()).append(" | ").append(run.path("connections").asInt())
                        .append(" | ").append(idle.path("holding").asLong())
                        .append(" | ").append(idle.path("heapBytesPerConnection").isNumber()
                                ? num(idle.path("heapBytesPerConnection").asDouble()) : "—")
                        .append(" | ").append(idle.path("rssBytesPerConnection").isNumber()
                                ? num(idle.path("rssBytesPerConnection").asDouble()) : "—")
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private void connect(StringBuilder md) {
        md.append("### Connection rate (Socket.IO connect over websocket, 200 handshakes in flight)\n\n");
        md.append("| system | connections | connected | failed | connections/s | p50 / p99 connect ms |\n|---|---|---|---|---|---|\n");
        for (var system : SYSTEMS.entrySet()) {
            JsonNode run = load(system.getKey(), "connect");
            if (run == null) {
                continue;
            }
            JsonNode c = run.path("connect");
            md.append("| ").append(system.getValue()).append(" | ").append(c.path("attempted").asLong())
                    .append(" | ").append(c.path("connected").asLong())
                    .append(" | ").append(c.path("failed").asLong())
                    .append(" | ").append(num(c.path("perSecond").asDouble()))
                    .append(" | ").append(ms(c.path("latencyMs").path("p50"))).append(" / ")
                    .append(ms(c.path("latencyMs").path("p99"))).append(" |\n");
        }
        md.append('\n');
    }

    private void scaling(StringBuilder md, String prefix, String title, String label) throws IOException {
        List<String> steps = new ArrayList<>();
        try (var files = Files.list(results)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("bench-roomcast-" + prefix + "-") && n.endsWith(".json"))
                    .map(n -> n.substring(("bench-roomcast-" + prefix + "-").length(), n.length() - 5))
                    .sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
                    .forEach(steps::add);
        }
        if (steps.isEmpty()) {
            return;
        }
        md.append("### ").append(title).append("\n\n| system |");
        steps.forEach(s -> md.append(' ').append(label).append(s).append(" |"));
        md.append("\n|---|");
        steps.forEach(s -> md.append("---|"));
        md.append('\n');
        for (var system : SYSTEMS.entrySet()) {
            md.append("| ").append(system.getValue()).append(" |");
            for (String step : steps) {
                JsonNode run = load(system.getKey(), prefix + "-" + step);
                md.append(' ').append(run == null ? "—" : num(run.path("fanout").path("deliveriesPerSecond").asDouble()))
                        .append(run == null ? "" : " (" + micros(run.path("servers").path("cpuMicrosPerDelivery")) + ")")
                        .append(" |");
            }
            md.append('\n');
        }
        md.append("\nIn brackets: server CPU per delivery.\n\n");
    }

    static String num(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String ms(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.2f", value.asDouble()) : "—";
    }

    static String micros(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.2f µs", value.asDouble()) : "—";
    }
}

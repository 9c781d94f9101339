package io.roomcast.loadtests.generator;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one generator run needs, validated at construction: loopback targets and source addresses only,
 * bounded connection count and duration, so a run can neither leave the machine nor run forever.
 *
 * @param serverPids socket server processes: CPU per delivery and memory per connection are theirs
 * @param auxPids helpers such as redis-server: their CPU over the window is reported apart
 * @param rate publish messages/s summed over all publishers; 0 means as fast as deliveries come back
 *             (at most {@code maxOutstanding} deliveries in flight, at least two messages to the largest room)
 */
public record GeneratorOptions(
        List<URI> targets,
        Scenario scenario,
        Protocol protocol,
        int connections,
        int rooms,
        int publishers,
        double rate,
        Duration duration,
        Duration warmup,
        List<InetAddress> sourceAddresses,
        int connectConcurrency,
        int maxOutstanding,
        int payloadBytes,
        int threads,
        List<Long> serverPids,
        List<Long> auxPids,
        boolean heapProbe,
        String label,
        Path out,
        Path chart) {

    /** Longest measured window a run may ask for. */
    public static final Duration MAX_DURATION = Duration.ofMinutes(30);
    /** Most connections one run may open, whatever the open-file limit allows. */
    public static final int MAX_CONNECTIONS = 200_000;
    /** Open files kept free for the JVM (jars, epoll, pipes) besides one socket per connection. */
    public static final int RESERVED_FILES = 200;

    public GeneratorOptions {
        targets = List.copyOf(targets);
        sourceAddresses = List.copyOf(sourceAddresses);
        serverPids = List.copyOf(serverPids);
        auxPids = List.copyOf(auxPids);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target is required");
        }
        for (URI target : targets) {
            Loopback.requireLoopbackTarget(target);
        }
        for (InetAddress source : sourceAddresses) {
            Loopback.requireLoopback(source, "--source-addresses");
        }
        if (scenario == null || protocol == null) {
            throw new IllegalArgumentException("scenario and protocol are required");
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be in 1.." + MAX_CONNECTIONS + ": " + connections);
        }
        if (rooms < 1 || rooms > connections) {
            throw new IllegalArgumentException("rooms must be in 1..connections: " + rooms);
        }
        if (publishers < 0 || publishers > 10_000) {
            throw new IllegalArgumentException("publishers must be in 0..10000: " + publishers);
        }
        if (scenario == Scenario.FANOUT && publishers < 1) {
            throw new IllegalArgumentException("the fanout scenario needs at least one publisher");
        }
        if (!(rate >= 0) || rate > 10_000_000) {
            throw new IllegalArgumentException("rate must be in 0..10000000 msgs/s (0 = max): " + rate);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be in (0, " + MAX_DURATION + "]: " + duration);
        }
        if (warmup.isNegative() || warmup.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("warmup must be in [0, " + MAX_DURATION + "]: " + warmup);
        }
        if (connectConcurrency < 1 || maxOutstanding < 1 || threads < 1) {
            throw new IllegalArgumentException("connect concurrency, max outstanding and threads must be >= 1");
        }
        if (payloadBytes < 0 || payloadBytes > 1900) {
            throw new IllegalArgumentException("payload bytes must be in 0..1900: " + payloadBytes);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label must not be blank");
        }
    }

    /** Sockets the run holds: subscribers plus publishers. */
    public int totalConnections() {
        return connections + (scenario == Scenario.FANOUT ? publishers : 0);
    }

    /** Refuses a run that would need more sockets than this process may open. */
    public void requireWithinFileLimit(long openFileLimit) {
        long needed = (long) totalConnections() + RESERVED_FILES;
        if (needed > openFileLimit) {
            throw new IllegalArgumentException("run needs " + needed + " open files (" + totalConnections()
                    + " sockets + " + RESERVED_FILES + " reserved) but the limit is " + openFileLimit);
        }
    }

    /** Parses {@code --name value} flags; any flag may also come from the environment as {@code LG_NAME}. */
    public static GeneratorOptions parse(String[] args, Map<String, String> env) {
        Flags flags = new Flags(args, env);
        List<URI> targets = new ArrayList<>();
        for (String target : flags.get("target", "ws://127.0.0.1:3000").split(",")) {
            targets.add(URI.create(target.trim()));
        }
        String rate = flags.get("rate", "max");
        Scenario scenario = Scenario.valueOf(flags.get("scenario", "fanout").toUpperCase(Locale.ROOT));
        String chart = flags.get("chart", "");
        GeneratorOptions options = new GeneratorOptions(
                targets,
                scenario,
                Protocol.valueOf(flags.get("protocol", "socketio").toUpperCase(Locale.ROOT)),
                flags.integer("connections", 1000),
                flags.integer("rooms", 10),
                flags.integer("publishers", scenario == Scenario.FANOUT ? 4 : 0),
                rate.equalsIgnoreCase("max") ? 0 : Double.parseDouble(rate),
                duration(flags.get("duration", "10s")),
                duration(flags.get("warmup", "3s")),
                addresses(flags.get("source-addresses", "")),
                flags.integer("connect-concurrency", 200),
                flags.integer("max-outstanding", 5_000),
                flags.integer("payload-bytes", 0),
                flags.integer("threads", Runtime.getRuntime().availableProcessors()),
                pids(flags.get("server-pids", "")),
                pids(flags.get("aux-pids", "")),
                Boolean.parseBoolean(flags.get("heap-probe", "false")),
                flags.get("label", "run"),
                Path.of(flags.get("out", "results.json")),
                chart.isBlank() ? null : Path.of(chart));
        flags.requireAllUsed();
        return options;
    }

    static List<Long> pids(String text) {
        List<Long> pids = new ArrayList<>();
        for (String pid : text.split(",")) {
            if (!pid.isBlank()) {
                pids.add(Long.parseLong(pid.trim()));
            }
        }
        return pids;
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601. */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.parse(text.trim());
    }

    /** {@code 127.0.0.2-127.0.0.9} (a range in the last octet) or a comma-separated list; empty means the OS picks. */
    static List<InetAddress> addresses(String text) {
        List<InetAddress> result = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                String item = part.trim();
                if (item.isEmpty()) {
                    continue;
                }
                int dash = item.indexOf('-');
                if (dash < 0) {
                    result.add(InetAddress.getByName(item));
                    continue;
                }
                byte[] first = InetAddress.getByName(item.substring(0, dash)).getAddress();
                byte[] last = InetAddress.getByName(item.substring(dash + 1)).getAddress();
                for (int i = 0; i < 3; i++) {
                    if (first[i] != last[i]) {
                        throw new IllegalArgumentException("a range may vary only the last octet: " + item);
                    }
                }
                for (int octet = first[3] & 0xff; octet <= (last[3] & 0xff); octet++) {
                    byte[] address = first.clone();
                    address[3] = (byte) octet;
                    result.add(InetAddress.getByAddress(address));
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in " + text, e);
        }
        return result;
    }

    /** Flag lookup with the environment as fallback; remembers which flags were read to reject unknown ones. */
    private static final class Flags {
        private final Map<String, String> values = new java.util.HashMap<>();
        private final Map<String, String> env;
        private final java.util.Set<String> used = new java.util.HashSet<>();

        Flags(String[] args, Map<String, String> env) {
            this.env = env;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("expected --flag, got " + arg);
                }
                String name = arg.substring(2);
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    values.put(name.substring(0, equals), name.substring(equals + 1));
                } else if (i + 1 < args.length) {
                    values.put(name, args[++i]);
                } else {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
            }
        }

        String get(String name, String fallback) {
            used.add(name);
            String value = values.get(name);
            if (value == null) {
                value = env.get("LG_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            return value == null ? fallback : value;
        }

        int integer(String name, int fallback) {
            return Integer.parseInt(get(name, Integer.toString(fallback)));
        }

        void requireAllUsed() {
            for (String name : values.keySet()) {
                if (!used.contains(name)) {
                    throw new IllegalArgumentException("unknown flag --" + name);
                }
            }
        }
    }
}

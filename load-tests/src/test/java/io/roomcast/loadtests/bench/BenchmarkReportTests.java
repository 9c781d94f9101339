package io.roomcast.loadtests.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reader of BENCHMARKS.md sees, rendered from small hand-written results shaped like the generator's
 * {@code bench-<system>-<scenario>.json} files and the orchestrator's {@code bench-meta.json}.
 */
class BenchmarkReportTests {
    private static final String ROOMCAST = BenchmarkReport.SYSTEMS.get("roomcast");
    private static final String NODE = BenchmarkReport.SYSTEMS.get("node");
    private static final String NETTY_SOCKETIO = BenchmarkReport.SYSTEMS.get("nettysocketio");
    private static final String RAW = BenchmarkReport.SYSTEMS.get("raw");

    @TempDir
    Path results;

    // ---- splice and main --------------------------------------------------------------------------------------------

    @Test
    void shouldReplaceTheMarkedSectionAndKeepTheTextAroundItUntouched() {
        String document = """
                # Benchmarks

                Hand-written intro.

                <!-- bench:start -->
                ## Old section
                | old | table |
                <!-- bench:end -->

                ## Adapter benchmark
                Hand-written text after.
                """;

        String spliced = BenchmarkReport.splice(document, "## New section\n");

        assertThat(spliced).isEqualTo("""
                # Benchmarks

                Hand-written intro.

                <!-- bench:start -->
                ## New section
                <!-- bench:end -->

                ## Adapter benchmark
                Hand-written text after.
                """);
    }

    @Test
    void shouldAppendTheSectionWhenTheDocumentHasNoMarkers() {
        String spliced = BenchmarkReport.splice("# Benchmarks\n\nHand-written text.\n\n\n", "## New section\n");

        assertThat(spliced).isEqualTo("""
                # Benchmarks

                Hand-written text.

                <!-- bench:start -->
                ## New section
                <!-- bench:end -->
                """);
    }

    @Test
    void shouldGiveTheSameDocumentWhenSplicingTheSameSectionTwice() {
        String once = BenchmarkReport.splice("# Benchmarks\n\nText.\n", "## Section\n");

        assertThat(BenchmarkReport.splice(once, "## Section\n")).isEqualTo(once);
    }

    @Test
    void shouldRefuseAStartMarkerWithoutAnEndMarkerAfterIt() {
        String document = "<!-- bench:end -->\n# Benchmarks\n<!-- bench:start -->\n## Old section\n\n## Hand-written\n";

        assertThatThrownBy(() -> BenchmarkReport.splice(document, "## New section\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("<!-- bench:start --> without <!-- bench:end --> after it");
    }

    @Test
    void shouldRewriteOnlyTheSectionOfTheMarkdownFile() throws IOException {
        meta(false);
        new FanoutRun().deliveriesPerSecond(100_000).writeTo("roomcast", "saturation");
        String before = "# Benchmarks\n\nHand-written intro, kept as it is.\n\n";
        String after = "\n## Adapter benchmark\n\nHand-written text after, kept as it is.\n";
        Path markdown = results.resolve("BENCHMARKS.md");
        Files.writeString(markdown, before + "<!-- bench:start -->\nstale figures\n<!-- bench:end -->\n" + after);

        BenchmarkReport.main(new String[] {results.toString(), markdown.toString()});

        String written = Files.readString(markdown);
        assertThat(written)
                .startsWith(before + "<!-- bench:start -->\n## Whole stack with real clients")
                .endsWith("<!-- bench:end -->\n" + after)
                .contains("| " + ROOMCAST + " | 100,000 |")
                .doesNotContain("stale figures");

        BenchmarkReport.main(new String[] {results.toString(), markdown.toString()});

        assertThat(Files.readString(markdown)).isEqualTo(written);
    }

    // ---- header -----------------------------------------------------------------------------------------------------

    @Test
    void shouldWarnThatAQuickRunIsNotABenchmark() throws IOException {
        meta(true);

        assertThat(render()).contains("**Smoke run (`--quick`): a few seconds per scenario and small counts, to prove "
                + "the pipeline; the figures are not a benchmark.**");
    }

    @Test
    void shouldNotWarnAboutAFullRun() throws IOException {
        meta(false);

        assertThat(render()).doesNotContain("Smoke run").doesNotContain("not a benchmark");
    }

    @Test
    void shouldSayWhenWhereAndWithWhatTheRunWasMade() throws IOException {
        Files.writeString(results.resolve("bench-meta.json"), META.formatted(false, "warm JVMs"));

        assertThat(render()).contains("Run 2026-11-25 23:34 UTC on AMD EPYC, 2 CPUs (nproc), 24105 MiB RAM. "
                + "Versions: Roomcast e5a5783, Node.js v20.20.2. Generator and servers share the same cores; warm JVMs.");
    }

    // ---- saturation -------------------------------------------------------------------------------------------------

    @Test
    void shouldListOneSaturationRowPerSystemInOrderAndMarkAMissingSystemAsNotRun() throws IOException {
        meta(false);
        new FanoutRun().deliveriesPerSecond(100_000).writeTo("roomcast", "saturation");
        new FanoutRun().deliveriesPerSecond(50_000).writeTo("node", "saturation");
        new FanoutRun().deliveriesPerSecond(400_000).noRedis().writeTo("raw", "saturation");

        assertThat(rows(render(), "### Saturation")).containsExactly(
                "| system | deliveries/s | messages/s | server CPU per delivery | Redis CPU (s) | lost | p50 / p99 ms "
                        + "| Roomcast ÷ system (deliveries/s) | system ÷ Roomcast (CPU/delivery) "
                        + "| system ÷ Roomcast (user CPU/delivery) |",
                "|---|---|---|---|---|---|---|---|---|---|",
                "| " + ROOMCAST + " | 100,000 | 5,000 | 5.00 µs (user 2.00 + sys 3.00) | 1.5 | 0 | 1.50 / 9.50 "
                        + "| 1.00 | 1.00 | 1.00 |",
                "| " + NODE + " | 50,000 | 5,000 | 5.00 µs (user 2.00 + sys 3.00) | 1.5 | 0 | 1.50 / 9.50 "
                        + "| 2.00 | 1.00 | 1.00 |",
                "| " + NETTY_SOCKETIO + " | not run | | | | | | | | |",
                "| " + RAW + " | 400,000 | 5,000 | 5.00 µs (user 2.00 + sys 3.00) | — | 0 | 1.50 / 9.50 "
                        + "| 0.25 | 1.00 | 1.00 |");
    }

    @Test
    void shouldDivideThroughputAndCpuAndUserCpuByRoomcastsFigures() throws IOException {
        meta(false);
        new FanoutRun().deliveriesPerSecond(100_000).cpu(5.0, 2.0, 3.0).writeTo("roomcast", "saturation");
        new FanoutRun().deliveriesPerSecond(50_000).cpu(15.0, 8.0, 7.0).writeTo("node", "saturation");

        String row = row(render(), "### Saturation", NODE);

        // Roomcast ÷ Node deliveries/s = 2; Node ÷ Roomcast CPU/delivery = 3, user CPU/delivery = 4
        assertThat(row).endsWith("| 2.00 | 3.00 | 4.00 |");
    }

    @Test
    void shouldShowTheUserAndSystemSplitOfCpuPerDelivery() throws IOException {
        meta(false);
        new FanoutRun().cpu(7.3, 2.1, 5.2).writeTo("roomcast", "saturation");

        assertThat(cells(row(render(), "### Saturation", ROOMCAST))[4]).isEqualTo("7.30 µs (user 2.10 + sys 5.20)");
    }

    @Test
    void shouldShowTheTotalAloneForResultsWrittenBeforeTheSplit() throws IOException {
        meta(false);
        new FanoutRun().deliveriesPerSecond(100_000).cpu(5.0, 2.0, 3.0).writeTo("roomcast", "saturation");
        new FanoutRun().deliveriesPerSecond(50_000).cpuBeforeSplit(15.0).writeTo("node", "saturation");

        assertThat(row(render(), "### Saturation", NODE))
                .isEqualTo("| " + NODE + " | 50,000 | 5,000 | 15.00 µs | 1.5 | 0 | 1.50 / 9.50 | 2.00 | 3.00 | — |");
    }

    @Test
    void shouldRenderDashesForFiguresThatWereNotMeasured() throws IOException {
        meta(false);
        new FanoutRun().messagesPerSecond(0).noDeliveries().writeTo("roomcast", "saturation");
        new FanoutRun().deliveriesPerSecond(50_000).cpu(15.0, 8.0, 7.0).writeTo("node", "saturation");
        new FanoutRun().deliveriesPerSecond(40_000).noAux().writeTo("nettysocketio", "saturation");
        new FanoutRun().noDeliveries().noRedis().writeTo("raw", "saturation");
        new FanoutRun().targetRate("27.1").noDeliveries().writeTo("roomcast", "rate25");
        new FanoutRun().noDeliveries().writeTo("roomcast", "rooms-1");

        String md = render();

        assertThat(rows(md, "### Saturation")).containsSubsequence(
                "| " + ROOMCAST + " | 0.0 | 0.0 | — | 1.5 | 0 | — / — | — | — | — |",
                "| " + NODE + " | 50,000 | 5,000 | 15.00 µs (user 8.00 + sys 7.00) | 1.5 | 0 | 1.50 / 9.50 | — | — | — |",
                "| " + NETTY_SOCKETIO + " | 40,000 | 5,000 | 5.00 µs (user 2.00 + sys 3.00) | — | 0 | 1.50 / 9.50 "
                        + "| — | — | — |",
                "| " + RAW + " | 0.0 | 5,000 | — | — | 0 | — / — | — | — | — |");
        assertThat(row(md, "### Delivery latency", ROOMCAST))
                .isEqualTo("| " + ROOMCAST + " | 27.1 (25 %) | 0.0 | — | — | — | 0 | — |");
        assertThat(row(md, "### Scaling with rooms", ROOMCAST)).isEqualTo("| " + ROOMCAST + " | 0.0 (—) |");
        assertThat(md).doesNotContain("NaN").doesNotContain("Infinity").doesNotContain("null");
    }

    // ---- the other sections -----------------------------------------------------------------------------------------

    @Test
    void shouldShowOneFixedRateRowPerSystemAndRateWithItsPercentiles() throws IOException {
        meta(false);
        new FanoutRun().targetRate("27.1").messagesPerSecond(28).deliveriesPerSecond(581).latency(4.7, 19.49, 21.68)
                .cpu(166.38, 60.0, 106.38).writeTo("node", "rate25");
        new FanoutRun().targetRate("54.2").messagesPerSecond(54).deliveriesPerSecond(1144).latency(3.35, 13.62, 14.9)
                .expected(3000).received(2990).writeTo("node", "rate50");
        new FanoutRun().targetRate("27.1").messagesPerSecond(27).deliveriesPerSecond(562).latency(17.54, 42.62, 45.18)
                .cpu(782.92, 300.0, 482.92).writeTo("roomcast", "rate25");

        assertThat(rows(render(), "### Delivery latency")).containsExactly(
                "| system | messages/s | deliveries/s | p50 ms | p99 ms | p99.9 ms | lost | server CPU per delivery |",
                "|---|---|---|---|---|---|---|---|",
                "| " + ROOMCAST + " | 27.1 (25 %) | 562 | 17.54 | 42.62 | 45.18 | 0 | 782.92 µs |",
                "| " + NODE + " | 27.1 (25 %) | 581 | 4.70 | 19.49 | 21.68 | 0 | 166.38 µs |",
                "| " + NODE + " | 54.2 (50 %) | 1,144 | 3.35 | 13.62 | 14.90 | 10 | 5.00 µs |");
    }

    @Test
    void shouldShowWhatWasAskedSentReceivedAndLostUnderOverload() throws IOException {
        meta(false);
        new FanoutRun().targetRate("162.5").messagesPerSecond(146.667).deliveriesPerSecond(2632.667)
                .expected(9240).received(9000).latency(940.03, 2283.52, 2476.03).messageErrors(3).unexpectedCloses(1)
                .writeTo("roomcast", "overload");

        assertThat(rows(render(), "### Overload")).containsExactly(
                "| system | messages/s asked | messages/s sent | deliveries/s | expected | received | lost | p99 ms "
                        + "| message errors | unexpected closes |",
                "|---|---|---|---|---|---|---|---|---|---|",
                "| " + ROOMCAST + " | 163 | 147 | 2,633 | 9240 | 9000 | 240 | 2283.52 | 3 | 1 |");
    }

    @Test
    void shouldShowMemoryPerIdleConnectionWithADashForAServerWithoutAHeap() throws IOException {
        meta(false);
        idle("roomcast", "idle-small", 500, 500, "9601.024", "55484.416");
        idle("roomcast", "idle-large", 1000, 998, "9242.1", "43225.0");
        idle("node", "idle-small", 500, 500, "null", "50110.3");

        assertThat(rows(render(), "### Memory per idle connection")).containsExactly(
                "| system | connections | held | heap bytes/connection | RSS bytes/connection |",
                "|---|---|---|---|---|",
                "| " + ROOMCAST + " | 500 | 500 | 9,601 | 55,484 |",
                "| " + ROOMCAST + " | 1000 | 998 | 9,242 | 43,225 |",
                "| " + NODE + " | 500 | 500 | — | 50,110 |");
    }

    @Test
    void shouldShowTheConnectionRateAndConnectLatency() throws IOException {
        meta(false);
        connect("roomcast", 500, 500, 0, 193.072, 654.335, 1691.647);
        connect("nettysocketio", 500, 480, 20, 81.4, 1926.14, 3958.78);

        assertThat(rows(render(), "### Connection rate")).containsExactly(
                "| system | connections | connected | failed | connections/s | p50 / p99 connect ms |",
                "|---|---|---|---|---|---|",
                "| " + ROOMCAST + " | 500 | 500 | 0 | 193 | 654.34 / 1691.65 |",
                "| " + NETTY_SOCKETIO + " | 500 | 480 | 20 | 81.4 | 1926.14 / 3958.78 |");
    }

    @Test
    void shouldShowScalingStepsInNumericOrderWithADashWhereASystemWasNotRun() throws IOException {
        meta(false);
        new FanoutRun().deliveriesPerSecond(6962).cpuBeforeSplit(217.37).writeTo("roomcast", "rooms-10");
        new FanoutRun().deliveriesPerSecond(20_909).cpuBeforeSplit(65.044).writeTo("roomcast", "rooms-2");
        new FanoutRun().deliveriesPerSecond(13_093).cpuBeforeSplit(22.4).writeTo("node", "rooms-2");

        String md = render();

        assertThat(md).contains("### Scaling with rooms: deliveries/s, max rate, 200 subscribers spread over R rooms\n");
        assertThat(rows(md, "### Scaling with rooms")).containsExactly(
                "| system | rooms=2 | rooms=10 |",
                "|---|---|---|",
                "| " + ROOMCAST + " | 20,909 (65.04 µs) | 6,962 (217.37 µs) |",
                "| " + NODE + " | 13,093 (22.40 µs) | — |",
                "| " + NETTY_SOCKETIO + " | — | — |",
                "| " + RAW + " | — | — |");
        assertThat(md).doesNotContain("### Scaling with subscribers per room");
    }

    @Test
    void shouldShowScalingWithSubscribersPerRoom() throws IOException {
        meta(false);
        new FanoutRun().deliveriesPerSecond(3822).cpuBeforeSplit(401.15).writeTo("roomcast", "subs-10");
        new FanoutRun().deliveriesPerSecond(72_908).cpuBeforeSplit(16.83).writeTo("raw", "subs-10");

        String md = render();

        assertThat(md).contains("### Scaling with subscribers per room: deliveries/s, max rate, 4 rooms\n");
        assertThat(rows(md, "### Scaling with subscribers per room")).containsSubsequence(
                "| system | subscribers per room=10 |",
                "| " + ROOMCAST + " | 3,822 (401.15 µs) |",
                "| " + RAW + " | 72,908 (16.83 µs) |");
    }

    // ---- fixtures ---------------------------------------------------------------------------------------------------

    private static final String META = """
            {
              "date": "2026-11-25 23:34 UTC",
              "machine": "AMD EPYC, 2 CPUs (nproc), 24105 MiB RAM",
              "versions": "Roomcast e5a5783, Node.js v20.20.2",
              "quick": %s,
              "note": "%s",
              "saturation": "10 rooms x 20 subscribers, 4 publishers, 3s after 1s warm-up",
              "scaleRoomsConnections": "200",
              "scaleSubsRooms": "4"
            }
            """;

    private void meta(boolean quick) throws IOException {
        Files.writeString(results.resolve("bench-meta.json"), META.formatted(quick, ""));
    }

    private String render() throws IOException {
        return new BenchmarkReport(results).render();
    }

    private void write(String system, String scenario, String json) throws IOException {
        Files.writeString(results.resolve("bench-" + system + "-" + scenario + ".json"), json);
    }

    private void idle(String system, String scenario, int connections, long holding, String heapPerConnection,
            String rssPerConnection) throws IOException {
        write(system, scenario, String.format(Locale.ROOT, """
                {
                  "label": "%1$s %2$s",
                  "scenario": "idle",
                  "protocol": "socketio",
                  "connections": %3$d,
                  "connect": {"attempted": %3$d, "connected": %4$d, "failed": 0, "perSecond": 195.173,
                              "latencyMs": {"count": %4$d, "p50": 566.783, "p99": 1840.127}},
                  "idle": {
                    "holding": %4$d,
                    "servers": [{"pid": 27792, "rssBeforeKb": 150784, "rssHoldingKb": 163040}],
                    "rssBytesPerConnection": %6$s,
                    "heapBytesPerConnection": %5$s
                  },
                  "unexpectedCloses": 0,
                  "ok": true
                }
                """, system, scenario, connections, holding, heapPerConnection, rssPerConnection));
    }

    private void connect(String system, long attempted, long connected, long failed, double perSecond, double p50,
            double p99) throws IOException {
        write(system, "connect", String.format(Locale.ROOT, """
                {
                  "label": "%1$s connect",
                  "scenario": "connect",
                  "protocol": "socketio",
                  "connections": %2$d,
                  "connect": {
                    "attempted": %2$d, "connected": %3$d, "failed": %4$d, "connectErrors": %4$d,
                    "failureReasons": {}, "seconds": 2.59, "perSecond": %5$s,
                    "latencyMs": {"count": %3$d, "p50": %6$s, "p90": %6$s, "p99": %7$s, "p999": %7$s, "max": %7$s}
                  },
                  "ok": true
                }
                """, system, attempted, connected, failed, perSecond, p50, p99));
    }

    /** A fan-out result as the generator writes it, with the fields the report reads settable and others typical. */
    private final class FanoutRun {
        private String targetRate = "\"max\"";
        private double messagesPerSecond = 5000;
        private double deliveriesPerSecond = 100_000;
        private long expected = 300_000;
        private long received = 300_000;
        private long messageErrors;
        private long unexpectedCloses;
        private String latency = latencyJson(1.5, 9.5, 12.25);
        private String servers = serversJson("5.0", "2.0", "3.0");
        private String aux = """
                , "aux": {"processes": [{"pid": 19918, "cpuSeconds": 1.5, "rssKb": 12268}], "cpuSeconds": 1.5,
                          "cpuMicrosPerDelivery": 4.396}""";

        FanoutRun targetRate(String rate) {
            this.targetRate = rate;
            return this;
        }

        FanoutRun messagesPerSecond(double value) {
            this.messagesPerSecond = value;
            return this;
        }

        FanoutRun deliveriesPerSecond(double value) {
            this.deliveriesPerSecond = value;
            return this;
        }

        FanoutRun expected(long value) {
            this.expected = value;
            return this;
        }

        FanoutRun received(long value) {
            this.received = value;
            return this;
        }

        FanoutRun messageErrors(long value) {
            this.messageErrors = value;
            return this;
        }

        FanoutRun unexpectedCloses(long value) {
            this.unexpectedCloses = value;
            return this;
        }

        FanoutRun latency(double p50, double p99, double p999) {
            this.latency = latencyJson(p50, p99, p999);
            return this;
        }

        FanoutRun cpu(double total, double user, double system) {
            this.servers = serversJson(Double.toString(total), Double.toString(user), Double.toString(system));
            return this;
        }

        /** Results written before the generator split CPU into user and system time. */
        FanoutRun cpuBeforeSplit(double total) {
            this.servers = """
                    {"processes": [{"pid": 19929, "cpuSeconds": 1.2, "rssKb": 177256}], "cpuSeconds": 2.21,
                     "cpuMicrosPerDelivery": %s}""".formatted(total);
            return this;
        }

        /** No delivery in the window: the generator writes no percentiles and null per-delivery CPU. */
        FanoutRun noDeliveries() {
            this.deliveriesPerSecond = 0;
            this.expected = 0;
            this.received = 0;
            this.latency = "{\"count\": 0}";
            this.servers = serversJson("null", "null", "null");
            return this;
        }

        /** A system run without Redis (raw Netty): no aux pid, so no processes and null per-delivery CPU. */
        FanoutRun noRedis() {
            this.aux = """
                    , "aux": {"processes": [], "cpuSeconds": 0.0, "cpuMicrosPerDelivery": null}""";
            return this;
        }

        /** Results from before the generator measured Redis at all. */
        FanoutRun noAux() {
            this.aux = "";
            return this;
        }

        void writeTo(String system, String scenario) throws IOException {
            write(system, scenario, String.format(Locale.ROOT, """
                    {
                      "label": "%1$s %2$s",
                      "scenario": "fanout",
                      "protocol": "socketio",
                      "connections": 200,
                      "connect": {"attempted": 204, "connected": 204, "failed": 0, "perSecond": 252.483,
                                  "latencyMs": {"count": 204, "p50": 608.767, "p99": 646.143}},
                      "fanout": {
                        "rooms": 10, "publishers": 4, "roomSize": 21, "joinedMembers": 210,
                        "targetRate": %3$s,
                        "warmupSeconds": 1.0, "windowSeconds": 3.0,
                        "publishPerSecond": %4$s,
                        "deliveriesPerSecond": %5$s,
                        "expectedFromWindow": %6$d,
                        "receivedFromWindow": %7$d,
                        "lostFromWindow": %8$d,
                        "messageErrors": %9$d,
                        "unexpectedCloses": %10$d,
                        "latencyMs": %11$s
                      },
                      "servers": %12$s%13$s,
                      "ok": true
                    }
                    """, system, scenario, targetRate, messagesPerSecond, deliveriesPerSecond, expected, received,
                    expected - received, messageErrors, unexpectedCloses, latency, servers, aux));
        }
    }

    private static String latencyJson(double p50, double p99, double p999) {
        return String.format(Locale.ROOT, "{\"count\": 1000, \"p50\": %s, \"p90\": %s, \"p99\": %s, \"p999\": %s, "
                + "\"max\": %s, \"mean\": %s}", p50, p99, p99, p999, p999, p50);
    }

    private static String serversJson(String total, String user, String system) {
        return """
                {"processes": [{"pid": 19929, "cpuSeconds": 1.2, "userCpuSeconds": 0.5, "rssKb": 177256}],
                 "cpuSeconds": 2.21, "cpuMicrosPerDelivery": %s, "userMicrosPerDelivery": %s,
                 "systemMicrosPerDelivery": %s}""".formatted(total, user, system);
    }

    // ---- reading the Markdown ---------------------------------------------------------------------------------------

    /** The table lines of the section whose heading starts with {@code heading}. */
    private static List<String> rows(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading);
        assertThat(start).as("section %s", heading).isNotNegative();
        int end = markdown.indexOf("\n### ", start + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);
        return section.lines().filter(line -> line.startsWith("|")).toList();
    }

    /** The one table line of {@code heading}'s section for {@code system}. */
    private static String row(String markdown, String heading, String system) {
        var matching = rows(markdown, heading).stream().filter(line -> line.startsWith("| " + system + " |")).toList();
        assertThat(matching).as("rows for %s under %s", system, heading).hasSize(1);
        return matching.get(0);
    }

    /** A table line's cells; index 0 is the empty text before the first bar. */
    private static String[] cells(String row) {
        return Arrays.stream(row.split("\\|", -1)).map(String::strip).toArray(String[]::new);
    }
}

package io.roomcast.node;

import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat load of the failover tests: a {@link Publisher} emitting numbered messages {@code m-<n>} to one room with
 * acks, {@link Receiver}s recording which numbers reached them and when, and what the tests compute from them
 * ({@link #missing}, {@link #ranges}) and read from a node's {@code /metrics} ({@link #metric}).
 */
public final class CrossNodeChat {

    private static final Pattern TEXT = Pattern.compile("\"text\":\"m-(\\d+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private CrossNodeChat() {
    }

    static SortedSet<Long> missing(Set<Long> expected, Set<Long> got) {
        SortedSet<Long> missing = new TreeSet<>(expected);
        missing.removeAll(got);
        return missing;
    }

    /** {@code [12-40, 45]}: consecutive numbers as ranges. */
    static String ranges(SortedSet<Long> numbers) {
        List<String> parts = new ArrayList<>();
        Long start = null;
        Long previous = null;
        for (long n : numbers) {
            if (previous != null && n == previous + 1) {
                previous = n;
                continue;
            }
            if (start != null) {
                parts.add(start.equals(previous) ? String.valueOf(start) : start + "-" + previous);
            }
            start = n;
            previous = n;
        }
        if (start != null) {
            parts.add(start.equals(previous) ? String.valueOf(start) : start + "-" + previous);
        }
        return parts.toString();
    }

    /** Waits until both nodes' adapters are ready, then joins each member to {@code room} (acked ok). */
    public static void awaitReadyAndJoin(NodeRuntime nodeA, NodeRuntime nodeB, String room,
                                         RawSocketIoClient... members) throws InterruptedException {
        Await.until("both nodes ready", Duration.ofSeconds(15),
                () -> nodeA.io().isAdapterReady() && nodeB.io().isAdapterReady());
        for (RawSocketIoClient member : members) {
            assertThat(member.emitWithAck("join", "\"" + room + "\"")).contains("\"ok\":true");
        }
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labels}, from the node's {@code /metrics}. */
    public static long metric(NodeProcess node, String name, String labels) throws Exception {
        long sum = metricOrZero(node, name, labels);
        assertThat(scrape(node)).as("%s{%s} in /metrics of port %d", name, labels, node.managementPort)
                .containsPattern("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(labels));
        return sum;
    }

    /** As {@link #metric}, 0 when the node has no such sample (yet). */
    public static long metricOrZero(NodeProcess node, String name, String labels) throws Exception {
        String scrape = scrape(node);
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        double sum = 0;
        while (sample.find()) {
            if (sample.group(1).contains(labels)) {
                sum += Double.parseDouble(sample.group(2));
            }
        }
        return (long) sum;
    }

    private static String scrape(NodeProcess node) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort
                + NodeRuntime.METRICS_PATH)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Emits chat {@code message} {@code m-<n>} to a room at a steady pace, each with its ack, on its own thread. */
    static final class Publisher {
        final AtomicLong sent = new AtomicLong();
        final ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static Publisher start(RawSocketIoClient client, String room, long intervalMillis) {
            Publisher publisher = new Publisher();
            publisher.thread = new Thread(() -> publisher.run(client, room, intervalMillis), "chat-publisher");
            publisher.thread.start();
            return publisher;
        }

        private void run(RawSocketIoClient client, String room, long intervalMillis) {
            try {
                while (running.get()) {
                    long seq = sent.incrementAndGet();
                    String ack = client.emitWithAck("message", "{\"room\":\"" + room + "\",\"text\":\"m-" + seq + "\"}");
                    if (ack.contains("\"ok\":true")) {
                        acked.add(seq);
                    } else {
                        errors.add(seq + ": " + ack);
                    }
                    Thread.sleep(intervalMillis); // the publisher's pace, not a wait for anything
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (AssertionError e) {
                errors.add("no ack: " + e.getMessage());
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    /** Records which {@code m-<n>} messages a client received, and when, on its own thread. */
    static final class Receiver {
        final ConcurrentSkipListSet<Long> seen = new ConcurrentSkipListSet<>();
        final Map<Long, Long> receivedAt = new ConcurrentHashMap<>();
        /** Copies of a number beyond the first: a broadcast delivered twice. */
        final AtomicLong duplicates = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static Receiver start(RawSocketIoClient client, String name) {
            Receiver receiver = new Receiver();
            receiver.thread = new Thread(() -> receiver.run(client), "chat-receiver-" + name);
            receiver.thread.setDaemon(true);
            receiver.thread.start();
            return receiver;
        }

        private void run(RawSocketIoClient client) {
            while (running.get()) {
                try {
                    String frame = client.awaitEvent("message");
                    Matcher text = TEXT.matcher(frame);
                    if (text.find()) {
                        long seq = Long.parseLong(text.group(1));
                        receivedAt.putIfAbsent(seq, System.nanoTime());
                        if (!seen.add(seq)) {
                            duplicates.incrementAndGet();
                        }
                    }
                } catch (AssertionError quietForTenSeconds) {
                    // nothing arrived for a while (the outage, or the end): keep listening until stopped
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }
}

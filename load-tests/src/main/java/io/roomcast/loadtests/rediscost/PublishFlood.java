package io.roomcast.loadtests.rediscost;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.PubSubTransport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * PUBLISH as fast as Redis answers, from one JVM, with a fixed number in flight: the client's write pattern alone,
 * without Socket.IO, so that Redis's cost per PUBLISH can be set beside node-redis's ({@code flood.js}, same
 * arguments). Modes: {@code transport} (Roomcast's {@link LettuceTransport}, batched) and {@code lettuce} (lettuce's
 * async {@code publish}, one write and flush each: what the transport did before batching).
 *
 * <pre>PublishFlood MODE PORT SECONDS IN_FLIGHT PUBLISHERS PAYLOAD_BYTES CHANNELS</pre>
 *
 * Each publisher is a thread with a connection of its own (as a node has one), publishing round-robin to
 * {@code socket.io#/#room-i#}. Prints the count published. Loopback only; ends after SECONDS.
 */
public final class PublishFlood {

    private PublishFlood() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
        int inFlight = Integer.parseInt(args[3]);
        int publishers = Integer.parseInt(args[4]);
        byte[] payload = new byte[Integer.parseInt(args[5])];
        int channels = Integer.parseInt(args[6]);
        RedisURI uri = RedisURI.create("127.0.0.1", port);
        List<AutoCloseable> open = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong published = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        for (int p = 0; p < publishers; p++) {
            BiFunction<String, byte[], CompletionStage<Long>> publish = switch (mode) {
                case "transport" -> {
                    PubSubTransport transport = LettuceTransport.connect(uri);
                    open.add(transport);
                    yield transport::publish;
                }
                case "lettuce" -> {
                    RedisClient client = RedisClient.create(uri);
                    StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
                    open.add(client::shutdown);
                    yield (channel, message) -> connection.async()
                            .publish(channel.getBytes(StandardCharsets.UTF_8), message);
                }
                default -> throw new IllegalArgumentException("mode is transport or lettuce, not " + mode);
            };
            Semaphore window = new Semaphore(inFlight);
            Thread thread = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    window.acquireUninterruptibly();
                    publish.apply("socket.io#/#room-" + (i++ % channels) + "#", payload).whenComplete((n, e) -> {
                        if (e == null) {
                            published.incrementAndGet();
                        }
                        window.release();
                    });
                }
                window.acquireUninterruptibly(inFlight); // the last replies
            }, "flood-" + p);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println(published.get());
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        CompletableFuture.runAsync(() -> { }).join();
    }
}

package io.roomcast.cluster.transport;

import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishes batched by {@link WriteCoalescer} against a real Redis: order, receiver counts, the bound. */
@Tag("integration")
class LettuceTransportPublishIntegrationTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.any();

    private final List<LettuceTransport> transports = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        transports.forEach(LettuceTransport::close);
    }

    @Test
    void shouldDeliverThePublishesOfOneChannelInTheOrderTheyWereMade() throws Exception {
        LettuceTransport publisher = connect();
        LettuceTransport subscriber = connect();
        String channel = redis.keyPrefix() + "#order";
        String shardChannel = redis.keyPrefix() + "#shard-order";
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> shardReceived = new CopyOnWriteArrayList<>();
        subscriber.subscribe(channel, (ch, p, m) -> received.add(text(m))).get(5, TimeUnit.SECONDS);
        subscriber.sharded().subscribe(shardChannel, (ch, p, m) -> shardReceived.add(text(m))).get(5, TimeUnit.SECONDS);
        int count = 3000; // many batches, and batches that fill up to the cap

        List<CompletableFuture<Long>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) { // without waiting: this is what lets publishes pile into batches
            results.add(publisher.publish(channel, bytes(i)));
            results.add(publisher.sharded().publish(shardChannel, bytes(i)));
            if (i % 1000 == 999) { // but within the bound of publishes waiting for a batch (4096)
                CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
        }

        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<String> expected = IntStream.range(0, count).mapToObj(Integer::toString).toList();
        org.awaitility.Awaitility.await().until(() -> received.size() == count && shardReceived.size() == count);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(shardReceived).containsExactlyElementsOf(expected);
        assertThat(results).allSatisfy(result -> assertThat(result.join()).isEqualTo(1L));
        assertThat(publisher.stats().published()).isEqualTo(2L * count);
        assertThat(publisher.stats().publishFailures()).isZero();
    }

    @Test
    void shouldCompleteEveryConcurrentPublishWithRedisReceiverCount() throws Exception {
        LettuceTransport publisher = connect();
        String twice = redis.keyPrefix() + "#two";
        String nobody = redis.keyPrefix() + "#none";
        connect().subscribe(twice, (ch, p, m) -> { }).get(5, TimeUnit.SECONDS);
        connect().subscribe(twice, (ch, p, m) -> { }).get(5, TimeUnit.SECONDS);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<CompletableFuture<Long>>>> perThread = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                perThread.add(threads.submit(() -> {
                    List<CompletableFuture<Long>> mine = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        mine.add(publisher.publish(i % 2 == 0 ? twice : nobody, bytes(i)));
                    }
                    return mine;
                }));
            }
            for (Future<List<CompletableFuture<Long>>> future : perThread) {
                List<CompletableFuture<Long>> mine = future.get(30, TimeUnit.SECONDS);
                CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < mine.size(); i++) {
                    assertThat(mine.get(i).join()).isEqualTo(i % 2 == 0 ? 2L : 0L);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(publisher.stats().published()).isEqualTo(4000);
    }

    @Test
    void shouldFailPublishesBeyondTheBoundAtOnceAndCountThem() throws Exception {
        // a bound of 1: while a drain is pending, every further publish is refused; one thread publishing in a loop
        // outruns the I/O thread's drains, so refusals come without stalling anything by hand
        LettuceTransport publisher = track(LettuceTransport.connect(redis.uri(), LettuceTransportOptions.DEFAULT, 1));
        String channel = redis.keyPrefix() + "#bound";
        List<CompletableFuture<Long>> results = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            results.add(publisher.publish(channel, bytes(i)));
        }

        long refusedAtOnce = results.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).handle((ok, e) -> null)
                .get(30, TimeUnit.SECONDS);
        long failed = results.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        assertThat(refusedAtOnce).isPositive();
        assertThat(failed).isEqualTo(refusedAtOnce); // only the refused ones: everything queued reached Redis
        assertThat(results.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().orElseThrow())
                .failsWithin(0, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOf(ClusterException.class).withMessageContaining("publish queue full");
        assertThat(publisher.stats().publishFailures()).isEqualTo(failed);
        assertThat(publisher.stats().published()).isEqualTo(results.size() - failed);
    }

    private LettuceTransport connect() {
        return track(LettuceTransport.connect(redis.uri()));
    }

    private LettuceTransport track(LettuceTransport transport) {
        transports.add(transport);
        return transport;
    }

    private static byte[] bytes(int i) {
        return Integer.toString(i).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] message) {
        return new String(message, StandardCharsets.UTF_8);
    }
}

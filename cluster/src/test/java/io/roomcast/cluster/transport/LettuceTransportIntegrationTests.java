package io.roomcast.cluster.transport;

import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LettuceTransport} against a real Redis. */
@Tag("integration")
class LettuceTransportIntegrationTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.any();

    private final List<LettuceTransport> transports = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        transports.forEach(LettuceTransport::close);
    }

    @Test
    void shouldCarryEveryByteValueFromPublishToPatternAndChannelSubscribers() throws Exception {
        ChannelNames channels = new ChannelNames(redis.keyPrefix(), "/");
        LettuceTransport publisher = connect();
        LettuceTransport subscriber = connect();
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        subscriber.psubscribe(channels.broadcastPattern(), (ch, p, m) -> received.add(new Delivery(ch, p, m))).get(5,
                TimeUnit.SECONDS);
        subscriber.subscribe(channels.request(), (ch, p, m) -> received.add(new Delivery(ch, p, m))).get(5,
                TimeUnit.SECONDS);
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }

        long broadcastReceivers = publisher.publish(channels.room("room1"), payload).get(5, TimeUnit.SECONDS);
        long requestReceivers = publisher.publish(channels.request(), new byte[] {0x7b, 0x7d}).get(5, TimeUnit.SECONDS);

        Delivery broadcast = received.poll(5, TimeUnit.SECONDS);
        Delivery request = received.poll(5, TimeUnit.SECONDS);
        assertThat(broadcastReceivers).isEqualTo(1);
        assertThat(requestReceivers).isEqualTo(1);
        assertThat(broadcast.channel()).isEqualTo(channels.room("room1"));
        assertThat(broadcast.pattern()).isEqualTo(channels.broadcastPattern());
        assertThat(broadcast.message()).isEqualTo(payload);
        assertThat(request.channel()).isEqualTo(channels.request());
        assertThat(request.pattern()).isNull();
        assertThat(request.message()).containsExactly(0x7b, 0x7d);
        assertThat(publisher.stats().published()).isEqualTo(2);
        awaitReceived(subscriber, 2);
    }

    @Test
    void shouldKeepShardChannelsApartFromPlainChannels() throws Exception {
        String channel = redis.keyPrefix() + "#/#";
        LettuceTransport publisher = connect();
        LettuceTransport subscriber = connect();
        BlockingQueue<Delivery> sharded = new LinkedBlockingQueue<>();
        BlockingQueue<Delivery> plain = new LinkedBlockingQueue<>();
        subscriber.sharded().subscribe(channel, (ch, p, m) -> sharded.add(new Delivery(ch, p, m)))
                .get(5, TimeUnit.SECONDS);
        subscriber.subscribe(channel, (ch, p, m) -> plain.add(new Delivery(ch, p, m))).get(5, TimeUnit.SECONDS);

        long shardReceivers = publisher.sharded().publish(channel, new byte[] {1}).get(5, TimeUnit.SECONDS);
        long plainReceivers = publisher.publish(channel, new byte[] {2}).get(5, TimeUnit.SECONDS);

        assertThat(shardReceivers).isEqualTo(1);
        assertThat(plainReceivers).isEqualTo(1);
        assertThat(sharded.poll(5, TimeUnit.SECONDS).message()).containsExactly(1);
        assertThat(plain.poll(5, TimeUnit.SECONDS).message()).containsExactly(2);
        assertThat(publisher.sharded().numsub(channel).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(publisher.numsub(channel).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        awaitReceived(subscriber, 2);
        assertThat(sharded).isEmpty();
        assertThat(plain).isEmpty();
        assertThatThrownBy(() -> subscriber.sharded().psubscribe(channel + "*", (ch, p, m) -> { })
                .get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(UnsupportedOperationException.class);
    }

    /** The transport counts a message after its listeners ran, so the count may trail the listener by a moment. */
    private static void awaitReceived(LettuceTransport transport, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (transport.stats().received() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(transport.stats().received()).isEqualTo(expected);
    }

    @Test
    void shouldCountNodesSubscribedToTheRequestChannelWithNumsub() throws Exception {
        ChannelNames channels = new ChannelNames(redis.keyPrefix(), "/");
        LettuceTransport a = connect();
        LettuceTransport b = connect();
        LettuceTransport c = connect();
        a.subscribe(channels.request(), (ch, p, m) -> { }).get(5, TimeUnit.SECONDS);
        Subscription fromB = b.subscribe(channels.request(), (ch, p, m) -> { }).get(5, TimeUnit.SECONDS);
        b.subscribe(channels.request(), (ch, p, m) -> { }).get(5, TimeUnit.SECONDS); // same connection: one
        c.psubscribe(redis.keyPrefix() + "-request#*", (ch, p, m) -> { }).get(5, TimeUnit.SECONDS); // not counted

        assertThat(a.numsub(channels.request()).get(5, TimeUnit.SECONDS)).isEqualTo(2);

        fromB.unsubscribe().get(5, TimeUnit.SECONDS);
        assertThat(a.numsub(channels.request()).get(5, TimeUnit.SECONDS)).isEqualTo(2); // b's other listener
        assertThat(a.numsub(new ChannelNames(redis.keyPrefix(), "/other").request()).get(5, TimeUnit.SECONDS))
                .isZero();
    }

    @Test
    void shouldStopDeliveringOnceTheLastListenerUnsubscribed() throws Exception {
        ChannelNames channels = new ChannelNames(redis.keyPrefix(), "/");
        LettuceTransport a = connect();
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        Subscription subscription = a.subscribe(channels.response(), (ch, p, m) -> received.add(m))
                .get(5, TimeUnit.SECONDS);

        subscription.unsubscribe().get(5, TimeUnit.SECONDS);

        assertThat(a.numsub(channels.response()).get(5, TimeUnit.SECONDS)).isZero();
        assertThat(a.publish(channels.response(), new byte[] {1}).get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void shouldFailCallsAfterClose() {
        LettuceTransport a = connect();
        a.close();

        assertThat(a.isConnected()).isFalse();
        assertThatThrownBy(() -> a.publish("ch", new byte[] {1}).join()).hasCauseInstanceOf(ClusterException.class);
        assertThat(a.stats().publishFailures()).isEqualTo(1);
    }

    @Test
    void shouldReportAnUnreachableRedisAsClusterException() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> LettuceTransport.connect(io.lettuce.core.RedisURI.create("127.0.0.1", closedPort)))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + closedPort);
    }

    private LettuceTransport connect() {
        LettuceTransport transport = LettuceTransport.connect(redis.uri(), new LettuceTransportOptions(
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2)));
        transports.add(transport);
        return transport;
    }

    record Delivery(String channel, String pattern, byte[] message) {
    }
}

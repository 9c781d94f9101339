package io.roomcast.cluster.transport;

import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.testing.RedisClusterFixture;
import io.roomcast.cluster.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link LettuceClusterTransport} on a real six-node Redis Cluster (3 masters, 3 replicas) on loopback. */
@Tag("integration")
class LettuceClusterTransportIntegrationTests {

    private static final Duration FAST_REFRESH = Duration.ofSeconds(1);
    /** The issue's bound on how long broadcasts may stop after a master is killed. */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(15);
    /** A publisher of 20 messages/s while publishes fail at once. */
    private static final long PUBLISH_INTERVAL_MILLIS = 50;

    @RegisterExtension
    static final RedisClusterFixture cluster = RedisClusterFixture.create();

    @RegisterExtension
    static final RedisFixture standalone = RedisFixture.any();

    private final List<LettuceClusterTransport> transports = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        transports.forEach(LettuceClusterTransport::close);
    }

    @Test
    void shouldSubscribeEachShardChannelOnTheMasterOfItsSlot() throws Exception {
        LettuceClusterTransport publisher = connect();
        LettuceClusterTransport subscriber = connect();
        List<String> channels = channelsOnEveryMaster();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        for (String channel : channels) {
            subscriber.sharded().subscribe(channel, (ch, p, m) -> received.add(ch + "=" + new String(m)))
                    .get(10, TimeUnit.SECONDS);
        }

        for (String channel : channels) {
            assertThat(publisher.sharded().publish(channel, channel.getBytes()).get(5, TimeUnit.SECONDS))
                    .as("SPUBLISH receivers of %s", channel).isEqualTo(1);
        }

        Set<String> got = new java.util.HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            got.add(received.poll(5, TimeUnit.SECONDS));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(channels.stream().map(c -> c + "=" + c).toList());
        Map<String, String> placements = subscriber.shardPlacements();
        for (String channel : channels) {
            assertThat(placements.get(channel)).isEqualTo("127.0.0.1:" + cluster.masterOf(channel));
        }
        assertThat(subscriber.isConnected()).isTrue();
    }

    @Test
    void shouldCountShardSubscribersOncePerTransportAsNodesServerCount() throws Exception {
        String channel = cluster.keyPrefix() + "#/#";
        LettuceClusterTransport a = connect();
        LettuceClusterTransport b = connect();
        a.sharded().subscribe(channel, (ch, p, m) -> { }).get(10, TimeUnit.SECONDS);
        b.sharded().subscribe(channel, (ch, p, m) -> { }).get(10, TimeUnit.SECONDS);
        b.sharded().subscribe(channel, (ch, p, m) -> { }).get(10, TimeUnit.SECONDS); // a second listener, same node

        assertThat(a.sharded().numsub(channel).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(a.numsub(channel).get(5, TimeUnit.SECONDS)).as("plain NUMSUB of a shard channel").isZero();
    }

    @Test
    void shouldCarryClassicPubSubAcrossNodesAndSumNumsubOverThem() throws Exception {
        String prefix = cluster.keyPrefix();
        LettuceClusterTransport publisher = connect();
        LettuceClusterTransport a = connect();
        LettuceClusterTransport b = connect();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        a.psubscribe(prefix + "#/#*", (ch, p, m) -> received.add("a " + ch)).get(10, TimeUnit.SECONDS);
        b.subscribe(prefix + "-request#/#", (ch, p, m) -> received.add("b " + ch)).get(10, TimeUnit.SECONDS);
        a.subscribe(prefix + "-request#/#", (ch, p, m) -> { }).get(10, TimeUnit.SECONDS);

        publisher.publish(prefix + "#/#room1#", new byte[] {1}).get(5, TimeUnit.SECONDS);
        publisher.publish(prefix + "-request#/#", new byte[] {2}).get(5, TimeUnit.SECONDS);

        assertThat(Set.of(received.poll(5, TimeUnit.SECONDS), received.poll(5, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder("a " + prefix + "#/#room1#", "b " + prefix + "-request#/#");
        assertThat(publisher.numsub(prefix + "-request#/#").get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /**
     * The failover Node's sharded adapter does not survive: the master of a busy channel is SIGKILLed, its replica
     * takes over, and the subscriber is re-subscribed there; publishes in between fail at once (counted) instead
     * of queueing.
     */
    @Test
    void shouldResubscribeOnThePromotedReplicaAfterTheMasterIsKilled() throws Exception {
        LettuceClusterTransport publisher = connect();
        LettuceClusterTransport subscriber = connect();
        List<String> channels = channelsOnEveryMaster();
        Map<String, BlockingQueue<String>> received = new ConcurrentHashMap<>();
        List<ConnectionEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        subscriber.addConnectionListener(events::add);
        for (String channel : channels) {
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            received.put(channel, queue);
            subscriber.sharded().subscribe(channel, (ch, p, m) -> queue.add(new String(m))).get(10, TimeUnit.SECONDS);
        }
        String busy = channels.get(0);
        int victim = cluster.masterOf(busy);

        cluster.kill(victim);
        long killedAt = System.nanoTime();
        int sent = 0;
        int failed = 0;
        long resumedAt = 0;
        while (resumedAt == 0) {
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("time without delivery on %s", busy)
                    .isLessThan(RESUME_BOUND);
            String message = "m" + sent++;
            CompletableFuture<Long> publish = publisher.sharded().publish(busy, message.getBytes());
            try {
                publish.get(10, TimeUnit.SECONDS);
                // delivered only if the subscriber is placed on the new master already
                if (message.equals(received.get(busy).poll(200, TimeUnit.MILLISECONDS))) {
                    resumedAt = System.nanoTime();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
                Thread.sleep(PUBLISH_INTERVAL_MILLIS); // the publisher's pace while Redis refuses, not a wait
            }
        }
        System.out.printf("master %d killed: broadcasts on %s resumed after %d ms; %d publishes failed at once, "
                        + "%d sent%n", victim, busy, (resumedAt - killedAt) / 1_000_000, failed, sent);

        assertThat(publisher.stats().publishFailures()).isEqualTo(failed);
        assertThat(subscriber.shardPlacements().get(busy)).isNotEqualTo("127.0.0.1:" + victim)
                .isEqualTo("127.0.0.1:" + cluster.masterOf(busy));
        for (String channel : channels) { // every channel works, the moved ones and the others
            received.get(channel).clear();
            publisher.sharded().publish(channel, "after".getBytes()).get(5, TimeUnit.SECONDS);
            assertThat(received.get(channel).poll(5, TimeUnit.SECONDS)).as(channel).isEqualTo("after");
        }
        await().atMost(Duration.ofSeconds(5)).until(subscriber::isConnected);
        assertThat(events).extracting(ConnectionEvent::up).containsSubsequence(false, true);

        cluster.restart(victim);
        cluster.awaitHealthy();
    }

    @Test
    void shouldSayWhenTheSeedIsAStandaloneRedis() {
        var seed = standalone.uri();
        assertThatThrownBy(() -> LettuceClusterTransport.connect(List.of(seed), LettuceTransportOptions.DEFAULT))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining(seed.getHost() + ":" + seed.getPort()
                        + " is a standalone Redis, not a Redis Cluster (cluster_enabled:0)");
    }

    /** Channels of this test whose slots cover every master, four per master. */
    private List<String> channelsOnEveryMaster() {
        List<Integer> masters = cluster.masterPorts();
        Map<Integer, List<String>> byMaster = IntStream.range(0, 60)
                .mapToObj(i -> cluster.keyPrefix() + "#/#room" + i + "#")
                .collect(Collectors.groupingBy(cluster::masterOf));
        assertThat(byMaster.keySet()).containsExactlyInAnyOrderElementsOf(masters);
        List<String> channels = new ArrayList<>();
        byMaster.values().forEach(list -> channels.addAll(list.subList(0, 4)));
        return channels;
    }

    private LettuceClusterTransport connect() {
        LettuceClusterTransport transport = LettuceClusterTransport.connect(cluster.seeds(),
                LettuceTransportOptions.DEFAULT.withTopologyRefreshPeriod(FAST_REFRESH));
        transports.add(transport);
        return transport;
    }
}

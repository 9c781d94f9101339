package io.roomcast.cluster.transport;

import io.roomcast.cluster.ClusterException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Three nodes on one bus, as the cluster adapter's unit tests will run them. */
class InMemoryTransportTests {

    private final InMemoryBus bus = new InMemoryBus();
    private final InMemoryTransport a = new InMemoryTransport(bus);
    private final InMemoryTransport b = new InMemoryTransport(bus);
    private final InMemoryTransport c = new InMemoryTransport(bus);

    @AfterEach
    void closeBus() {
        a.close();
        b.close();
        c.close();
        bus.close();
    }

    @Test
    void shouldDeliverToChannelAndPatternSubscribersOfEveryNode() {
        List<String> received = new CopyOnWriteArrayList<>();
        b.subscribe("socket.io-request#/#", (ch, p, m) -> received.add("b " + ch + " " + p + " " + text(m))).join();
        c.psubscribe("socket.io#/#*", (ch, p, m) -> received.add("c " + ch + " " + p + " " + text(m))).join();

        long receivers = a.publish("socket.io#/#room1#", bytes("hello")).join();
        a.publish("socket.io-request#/#", bytes("req")).join();
        a.publish("socket.io#/admin#", bytes("other namespace")).join();
        bus.drain();

        assertThat(receivers).isEqualTo(1);
        assertThat(received).containsExactly("c socket.io#/#room1# socket.io#/#* hello",
                "b socket.io-request#/# null req");
        assertThat(a.stats().published()).isEqualTo(3);
        assertThat(c.stats().received()).isEqualTo(1);
    }

    @Test
    void shouldCountExactChannelSubscribersOnlyInNumsub() {
        a.subscribe("socket.io-request#/#", (ch, p, m) -> { }).join();
        b.subscribe("socket.io-request#/#", (ch, p, m) -> { }).join();
        b.subscribe("socket.io-request#/#", (ch, p, m) -> { }).join(); // same node twice counts once
        c.psubscribe("socket.io-request#*", (ch, p, m) -> { }).join();

        assertThat(a.numsub("socket.io-request#/#").join()).isEqualTo(2);
        assertThat(a.numsub("socket.io-request#/admin#").join()).isZero();
    }

    @Test
    void shouldStopDeliveringAfterUnsubscribe() {
        List<String> received = new CopyOnWriteArrayList<>();
        Subscription subscription = b.subscribe("ch", (ch, p, m) -> received.add(text(m))).join();
        a.publish("ch", bytes("one")).join();
        bus.drain();

        subscription.unsubscribe().join();
        a.publish("ch", bytes("two")).join();
        bus.drain();

        assertThat(received).containsExactly("one");
        assertThat(a.numsub("ch").join()).isZero();
    }

    @Test
    void shouldFailAndCountPublishesWhileFailPublishIsOn() {
        List<String> received = new CopyOnWriteArrayList<>();
        b.subscribe("ch", (ch, p, m) -> received.add(text(m))).join();

        a.failPublish(true);
        assertThatThrownBy(() -> a.publish("ch", bytes("lost")).join()).hasCauseInstanceOf(ClusterException.class);
        a.failPublish(false);
        a.publish("ch", bytes("sent")).join();
        bus.drain();

        assertThat(received).containsExactly("sent");
        assertThat(a.stats().publishFailures()).isEqualTo(1);
        assertThat(a.stats().published()).isEqualTo(1);
    }

    @Test
    void shouldKeepDeliveringToOthersWhenAListenerThrows() {
        List<String> received = new CopyOnWriteArrayList<>();
        b.subscribe("ch", (ch, p, m) -> {
            throw new IllegalStateException("listener bug");
        }).join();
        c.subscribe("ch", (ch, p, m) -> received.add(text(m))).join();

        a.publish("ch", bytes("one")).join();
        a.publish("ch", bytes("two")).join();

        await().untilAsserted(() -> assertThat(received).containsExactly("one", "two"));
    }

    @Test
    void shouldGiveEachListenerItsOwnCopyOfThePayload() {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        b.subscribe("ch", (ch, p, m) -> {
            received.add(m.clone());
            m[0] = 'X';
        }).join();
        c.subscribe("ch", (ch, p, m) -> received.add(m)).join();
        byte[] payload = bytes("abc");

        a.publish("ch", payload).join();
        payload[0] = 'Z';
        bus.drain();

        assertThat(received).extracting(InMemoryTransportTests::text).containsExactly("abc", "abc");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

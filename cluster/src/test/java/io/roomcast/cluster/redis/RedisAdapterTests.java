package io.roomcast.cluster.redis;

import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.InMemoryBus;
import io.roomcast.cluster.transport.InMemoryTransport;
import io.roomcast.cluster.transport.PubSubTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance suite on the in-memory transport, plus what only a test double can provoke. */
class RedisAdapterTests extends AbstractRedisAdapterConformanceTests {

    private final InMemoryBus bus = new InMemoryBus();

    @Override
    protected PubSubTransport newTransport() {
        return new InMemoryTransport(bus);
    }

    @Override
    protected String key() {
        return "socket.io";
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void shouldSayItCannotRecoverConnectionStates() {
        // pub/sub keeps no log of broadcasts to replay, as Node's classic adapter (the server then refuses recovery)
        assertThat(node(0).adapter().supportsConnectionStateRecovery()).isFalse();
    }

    @Test
    void shouldStillDeliverLocallyAndCountWhenPublishingFails() {
        Client here = node(0).connect();
        Client there = node(1).connect();
        ((InMemoryTransport) node(0).transport()).failPublish(true);

        node(0).nsp().emit("while-down");

        awaitFrame(here, event("while-down", ""));
        assertThat(node(0).observed().publishFailures()).isEqualTo(1);

        ((InMemoryTransport) node(0).transport()).failPublish(false);
        sentinel(node(0), here, there);
        assertThat(eventsOf(there)).isEmpty();
    }

    @Test
    void shouldNotDeliverItsOwnEchoAgain() {
        Client here = node(0).connect();

        node(0).nsp().emit("once");
        bus.drain();

        assertThat(here.client().texts()).containsExactly(event("once", ""));
        assertThat(node(0).observed().received()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldPublishBroadcastsOnTheChannelNodeUses() {
        List<String> channels = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PubSubTransport spy = newTransport()) {
            spy.psubscribe("socket.io#/#*", (channel, pattern, message) -> channels.add(channel)).join();
            node(0).nsp().to("room1").emit("a");
            node(0).nsp().to("room1", "room2").emit("b");
            node(0).nsp().emit("c");
            bus.drain();
        }
        assertThat(channels).containsExactly("socket.io#/#room1#", "socket.io#/#", "socket.io#/#");
    }

    @Test
    void shouldPublishVolatileAndCompressFlagsAsNodeDoes() {
        List<io.roomcast.cluster.protocol.BroadcastMessage> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.roomcast.cluster.protocol.MessageCodec codec = new io.roomcast.cluster.protocol.MessageCodec();
        try (PubSubTransport spy = newTransport()) {
            spy.psubscribe("socket.io#/#*", (channel, pattern, message) -> messages.add(codec.decodeBroadcast(message)))
                    .join();
            Client sender = node(0).connect();
            node(0).nsp().volatile_().compress(false).emit("v");
            sender.socket().broadcast().emit("b");
            bus.drain();
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).opts().flags())
                    .isEqualTo(new io.roomcast.cluster.protocol.WireFlags(true, false, null, null, null));
            assertThat(messages.get(0).uid()).isEqualTo(node(0).adapter().uid());
            assertThat(messages.get(1).opts().except()).containsExactly(io.roomcast.cluster.protocol.Room.of(sender.id()));
        }
    }
}

package io.roomcast.cluster.sharded;

import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.InMemoryBus;
import io.roomcast.cluster.transport.InMemoryTransport;
import io.roomcast.cluster.transport.PubSubTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sharded conformance suite on the in-memory transport, plus what only a test double can provoke. */
class ShardedRedisAdapterTests extends AbstractShardedAdapterConformanceTests {

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
}

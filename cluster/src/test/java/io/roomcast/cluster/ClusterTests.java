package io.roomcast.cluster;

import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.InMemoryBus;
import io.roomcast.cluster.transport.InMemoryTransport;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.internal.SocketIoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The application-facing API (the namespace) over two nodes on the in-memory transport. */
class ClusterTests {

    private final InMemoryBus bus = new InMemoryBus();
    private final TestNode first = new TestNode(new InMemoryTransport(bus), AdapterOptions.defaults());
    private final TestNode second = new TestNode(new InMemoryTransport(bus), AdapterOptions.defaults());

    @AfterEach
    void stop() {
        first.close();
        second.close();
        bus.close();
    }

    @Test
    void shouldEmitToARoomExceptAnotherOnEveryNode() {
        Client reader = second.connect();
        Client muted = second.connect();
        reader.socket().join("room");
        muted.socket().join("room", "r2");

        first.server().of("/").to("room").except("r2").emit("msg", "hi");

        reader.client().awaitText("2[\"msg\",\"hi\"]"::equals);
        bus.drain();
        assertThat(muted.client().texts()).isEmpty();
    }

    @Test
    void shouldReachASocketByItsIdFromAnyNode() {
        Client target = second.connect();

        first.server().sockets().to(target.id()).emit("dm", "psst");

        target.client().awaitText("2[\"dm\",\"psst\"]"::equals);
    }

    @Test
    void shouldOfferServerSideEmitAllRoomsAndServerCount() throws Exception {
        Namespace here = first.server().of("/");
        Namespace there = second.server().of("/");
        List<String> got = new CopyOnWriteArrayList<>();
        there.onServerSideEmit((event, args, ack) -> {
            got.add(event + args + ack.requested());
            ack.send("pong");
        });
        Client client = second.connect();

        here.serverSideEmit("hello", 1);
        assertThat(here.serverSideEmitWithAck("ping").get(5, TimeUnit.SECONDS)).containsExactly("pong");
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
        assertThat(got).containsExactly("hello[1]false", "ping[]true");
        assertThat(here.allRooms().get(5, TimeUnit.SECONDS)).contains(client.id());
        assertThat(here.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void shouldBehaveAsAClusterOfOneWithTheInMemoryAdapter() throws Exception {
        Namespace alone = new SocketIoServer(SocketIoOptions.defaults()).of("/");

        assertThat(alone.serverCount().get()).isEqualTo(1);
        assertThat(alone.serverSideEmitWithAck("ping").get()).isEmpty();
        assertThat(alone.allRooms().get()).isEmpty();
    }
}

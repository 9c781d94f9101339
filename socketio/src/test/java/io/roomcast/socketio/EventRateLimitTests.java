package io.roomcast.socketio;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.socketio.limits.EventLimits;
import io.roomcast.socketio.limits.RateLimit;
import io.roomcast.socketio.limits.RateLimitScope;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event rate limits as a client sees them: refused events get a {@code rate_limited} ack (or are dropped), never
 * reach a listener, are counted, and a flooder is disconnected. Rates are per hour, so no token comes back while a
 * test runs.
 */
class EventRateLimitTests {

    private static final String RATE_LIMITED_ACK = "[{\"error\":{\"code\":\"rate_limited\",\"message\":"
            + "\"too many events on this connection; slow down\"}}]";

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final SocketIoObserver recorder = new SocketIoObserver() {
        @Override
        public void eventRateLimited(String namespace, String event, RateLimitScope scope) {
            seen.add("limited " + namespace + " " + event + " " + scope.tag());
        }

        @Override
        public void disconnected(String namespace, DisconnectReason reason) {
            seen.add("disconnected " + namespace + " " + reason.tag());
        }
    };

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private SocketIoServer server(EventLimits limits, AtomicInteger handled) {
        SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults().withObserver(recorder)
                .withEventLimits(limits));
        server.sockets().onConnection(socket -> socket.on("msg", (s, args, ack) -> {
            handled.incrementAndGet();
            ack.send("ok");
        }));
        return server;
    }

    private TestClient connect(SocketIoServer server) {
        TestClient client = new TestClient(server, loop);
        client.send("0");
        client.sid("/");
        client.session().clearSent();
        return client;
    }

    @Test
    void shouldAnswerEventsOverTheBucketWithARateLimitedAckAndNotDispatchThem() {
        AtomicInteger handled = new AtomicInteger();
        TestClient client = connect(server(EventLimits.perConnection(RateLimit.parse("3/1h")), handled));

        for (int id = 1; id <= 5; id++) {
            client.send("2" + id + "[\"msg\"]");
        }

        assertThat(handled).hasValue(3);
        assertThat(client.texts()).containsExactly("31[\"ok\"]", "32[\"ok\"]", "33[\"ok\"]",
                "34" + RATE_LIMITED_ACK, "35" + RATE_LIMITED_ACK);
        assertThat(seen).containsExactly("limited / msg connection", "limited / msg connection");
    }

    @Test
    void shouldDropAndCountRefusedEventsWithoutAck() {
        AtomicInteger handled = new AtomicInteger();
        TestClient client = connect(server(EventLimits.perConnection(RateLimit.parse("2/1h")), handled));

        for (int i = 0; i < 4; i++) {
            client.send("2[\"msg\"]");
        }

        assertThat(handled).hasValue(2);
        assertThat(client.texts()).isEmpty();
        assertThat(seen).hasSize(2).allMatch(line -> line.equals("limited / msg connection"));
    }

    @Test
    void shouldDisconnectAFlooderWithATypedReasonAndSpareOtherConnections() throws InterruptedException {
        AtomicInteger handled = new AtomicInteger();
        SocketIoServer server = server(EventLimits.perConnection(RateLimit.parse("2/1h"))
                .withDisconnectAfter(RateLimit.parse("3/1h")), handled);
        TestClient flooder = connect(server);
        TestClient calm = connect(server);

        for (int id = 1; id <= 8; id++) {
            flooder.send("2" + id + "[\"msg\"]");
        }
        calm.send("29[\"msg\"]");

        // 2 allowed, 3 refusals tolerated, the 4th closes: its ack, then the DISCONNECT; later events are ignored
        assertThat(flooder.texts()).containsExactly("31[\"ok\"]", "32[\"ok\"]", "33" + RATE_LIMITED_ACK,
                "34" + RATE_LIMITED_ACK, "35" + RATE_LIMITED_ACK, "36" + RATE_LIMITED_ACK, "1");
        assertThat(seen).endsWith("disconnected / rate_limited");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (flooder.session().isOpen() && System.nanoTime() < deadline) {
            flooder.send("2[\"msg\"]"); // ignored, and the session closes after its grace all the same
            Thread.sleep(10);
        }
        assertThat(flooder.session().isOpen()).as("closed after the grace the client had to close it").isFalse();
        assertThat(flooder.texts()).endsWith("1");
        assertThat(seen.stream().filter(line -> line.startsWith("limited"))).hasSize(4);
        assertThat(calm.texts()).containsExactly("39[\"ok\"]");
        assertThat(handled).hasValue(3);
    }

    @Test
    void shouldShareOneBucketAcrossTheNamespacesOfAConnection() {
        AtomicInteger handled = new AtomicInteger();
        SocketIoServer server = server(EventLimits.perConnection(RateLimit.parse("2/1h")).withoutDisconnect(),
                handled);
        server.of("/admin").onConnection(socket -> socket.on("msg", (s, args, ack) -> handled.incrementAndGet()));
        TestClient client = connect(server);
        client.send("0/admin,");
        client.sid("/admin");

        client.send("2[\"msg\"]");
        client.send("2/admin,[\"msg\"]");
        client.send("2/admin,[\"msg\"]");
        client.send("2[\"msg\"]");

        assertThat(handled).hasValue(2);
        assertThat(seen).containsExactly("limited /admin msg connection", "limited / msg connection");
    }

    @Test
    void shouldAskTheUserLimiterOnlyForEventsTheConnectionLetThrough() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        EventLimits limits = EventLimits.perConnection(RateLimit.parse("4/1h"))
                .withPerUser(socket -> asked.incrementAndGet() <= 2).withoutDisconnect();
        TestClient client = connect(server(limits, handled));

        for (int id = 1; id <= 6; id++) {
            client.send("2" + id + "[\"msg\"]");
        }

        assertThat(handled).hasValue(2);
        assertThat(asked).hasValue(4);
        assertThat(client.texts()).contains("33[{\"error\":{\"code\":\"rate_limited\",\"message\":"
                + "\"too many events from this user; slow down\"}}]");
        assertThat(seen).containsExactly("limited / msg user", "limited / msg user", "limited / msg connection",
                "limited / msg connection");
    }

    @Test
    void shouldKeepEveryEventWithoutLimits() {
        AtomicInteger handled = new AtomicInteger();
        TestClient client = connect(server(EventLimits.NONE, handled));

        for (int i = 0; i < 500; i++) {
            client.send("2[\"msg\"]");
        }

        assertThat(handled).hasValue(500);
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldRefillWithTime() {
        AtomicInteger handled = new AtomicInteger();
        TestClient client = connect(server(EventLimits.perConnection(RateLimit.of(1, Duration.ofMillis(50)))
                .withoutDisconnect(), handled));

        client.send("2[\"msg\"]");
        client.send("2[\"msg\"]");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handled.get() < 2 && System.nanoTime() < deadline) {
            client.send("2[\"msg\"]"); // refused until 50 ms have passed, then one gets through
        }

        assertThat(handled).hasValue(2);
    }
}

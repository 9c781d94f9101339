package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an {@link EngineObserver} is told about handshakes, sessions, upgrades, bytes and heartbeats. */
class EngineObserverTests {

    private final RecordingHandler handler = new RecordingHandler();
    private final Recorder observer = new Recorder();
    private EngineServer server;
    private EngineClient client;

    @BeforeEach
    void start() {
        EngineOptions options = EngineOptions.defaults().withPing(Duration.ofMillis(100), Duration.ofSeconds(5));
        server = new EngineServer(options, handler, null).observe(observer);
        server.start("127.0.0.1", 0);
        client = new EngineClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldReportRefusedHandshakesButNotUnknownSessions() throws Exception {
        assertThat(client.get("/socket.io/?EIO=3&transport=polling").statusCode()).isEqualTo(400);
        assertThat(client.get("/socket.io/?EIO=4&transport=carrier-pigeon").statusCode()).isEqualTo(400);
        assertThat(client.get(EngineClient.polling("no-such-sid")).statusCode()).isEqualTo(400);

        assertThat(observer.events).containsExactly("rejected 5 Unsupported protocol version",
                "rejected 0 Transport unknown");
    }

    @Test
    void shouldReportSessionLifecycleUpgradeAndBytes() throws Exception {
        String sid = client.handshake();
        handler.await("open " + sid);
        assertThat(client.post(EngineClient.polling(sid), "4hello").statusCode()).isEqualTo(200);
        handler.await("text " + sid + " hello");

        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket&sid=" + sid);
        ws.send("2probe");
        assertThat(ws.next()).isEqualTo("3probe");
        ws.send("5");
        EngineSession session = handler.sessions.get(sid);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!"websocket".equals(session.transport()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        ws.socket.sendClose(1000, "bye");
        handler.await("close " + sid + " transport close");

        assertThat(observer.events).containsSubsequence("opened polling", "upgraded polling websocket",
                "closed websocket transport close");
        assertThat(observer.bytesIn.get()).isGreaterThanOrEqualTo("4hello".length() + "2probe5".length());
        assertThat(observer.bytesOut.get()).isPositive();
    }

    @Test
    void shouldReportThePingRoundTrip() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());
        handler.await("open " + sid);

        assertThat(ws.next()).isEqualTo("2");
        ws.send("3");

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (observer.pings.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(observer.pings.get()).isEqualTo(1);
        ws.socket.abort();
    }

    private static final class Recorder implements EngineObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong bytesOut = new AtomicLong();
        final AtomicLong pings = new AtomicLong();

        @Override
        public void handshakeRejected(int code, String message) {
            events.add("rejected " + code + " " + message);
        }

        @Override
        public void sessionOpened(String transport) {
            events.add("opened " + transport);
        }

        @Override
        public void sessionUpgraded(String from, String to) {
            events.add("upgraded " + from + " " + to);
        }

        @Override
        public void sessionClosed(String transport, DisconnectReason reason) {
            events.add("closed " + transport + " " + reason);
        }

        @Override
        public void bytesReceived(String transport, int bytes) {
            bytesIn.addAndGet(bytes);
        }

        @Override
        public void bytesSent(String transport, int bytes) {
            bytesOut.addAndGet(bytes);
        }

        @Override
        public void pingRoundTrip(long nanos) {
            pings.incrementAndGet();
        }
    }
}

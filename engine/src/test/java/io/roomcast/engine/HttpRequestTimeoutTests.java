package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineOptions#httpRequestTimeout()} against real sockets writing raw bytes: slow senders get 408 and lose
 * their connection; whole requests, held polls and WebSockets are not cut.
 */
class HttpRequestTimeoutTests {

    private static final String HANDSHAKE =
            "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private final RecordingHandler handler = new RecordingHandler();
    private final AtomicInteger timeouts = new AtomicInteger();
    private EngineServer server;

    private EngineServer start(EngineOptions options) {
        server = new EngineServer(options, handler, null).observe(new EngineObserver() {
            @Override
            public void httpRequestTimedOut() {
                timeouts.incrementAndGet();
            }
        });
        server.start("127.0.0.1", 0);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldDefaultToTenSecondsAndRefuseNonPositiveBounds() {
        assertThat(EngineOptions.defaults().httpRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(EngineOptions.defaults().withHttpRequestTimeout(Duration.ofMillis(1500)).withMaxPayload(10)
                .httpRequestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> EngineOptions.defaults().withHttpRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("httpRequestTimeout must be > 0");
        assertThatThrownBy(() -> EngineOptions.defaults().withHttpRequestTimeout(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("httpRequestTimeout must be > 0");
    }

    @Test
    void shouldAnswer408AndCloseEverySlowlorisConnection() throws Exception {
        start(EngineOptions.defaults().withHttpRequestTimeout(Duration.ofSeconds(2)));
        int sockets = 200;
        ExecutorService pool = Executors.newFixedThreadPool(sockets);
        try {
            long started = System.nanoTime();
            List<Future<Slowloris>> results = new ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                // half on the Engine.IO path, half on the fallback
                String path = i % 2 == 0 ? "/socket.io/?EIO=4&transport=polling" : "/index.html";
                results.add(pool.submit(() -> Slowloris.run(server.port(), path, Duration.ofSeconds(1))));
            }
            List<Slowloris> outcomes = new ArrayList<>();
            for (Future<Slowloris> result : results) {
                outcomes.add(result.get(60, TimeUnit.SECONDS));
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long slowest = outcomes.stream().mapToLong(Slowloris::millis).max().orElseThrow();
            System.out.printf("slowloris: %d sockets at 1 byte/s, bound 2 s: all answered in %d ms (slowest socket"
                    + " %d ms, at most %d bytes sent)%n", sockets, tookMillis, slowest,
                    outcomes.stream().mapToInt(Slowloris::bytesSent).max().orElseThrow());

            assertThat(outcomes).allSatisfy(outcome -> {
                assertThat(outcome.answer()).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                        .contains("Connection: close").endsWith("\r\n\r\nRequest Timeout");
                assertThat(outcome.closed()).isTrue();
            });
            assertThat(timeouts).hasValue(sockets);
            assertThat(server.sessionCount()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswer408WhenTheBodyStallsAfterTheHeaders() throws Exception {
        start(EngineOptions.defaults().withHttpRequestTimeout(Duration.ofMillis(500)));
        try (RawHttp raw = new RawHttp(server.port())) {
            String sid = EngineClient.sidOf(raw.request(HANDSHAKE).body());

            raw.send("POST " + EngineClient.polling(sid) + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n4only a part");
            RawHttp.Response response = raw.read();

            assertThat(response.status()).isEqualTo(408);
            assertThat(response.body()).isEqualTo("Request Timeout");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp fallback = new RawHttp(server.port())) {
            fallback.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n12345");
            assertThat(fallback.read().status()).isEqualTo(408);
            assertThat(fallback.closedByServer()).isTrue();
        }
        assertThat(timeouts).hasValue(2);
    }

    @Test
    void shouldKeepServingWholeRequestsAndHeldPollsLongerThanTheBound() throws Exception {
        // the poll is held until the ping at 1.5 s, three times the bound
        start(EngineOptions.defaults().withHttpRequestTimeout(Duration.ofMillis(500))
                .withPing(Duration.ofMillis(1500), Duration.ofSeconds(5)));
        try (RawHttp raw = new RawHttp(server.port())) {
            String sid = EngineClient.sidOf(raw.request(HANDSHAKE).body());
            handler.await("open " + sid);

            long held = System.nanoTime();
            RawHttp.Response ping = raw.get(EngineClient.polling(sid));
            long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - held);
            System.out.printf("held poll answered after %d ms with a 500 ms request bound%n", heldMillis);
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("2");
            assertThat(raw.post(EngineClient.polling(sid), "3").body()).isEqualTo("ok");
            assertThat(raw.post(EngineClient.polling(sid), "4echo:still here").body()).isEqualTo("ok");
            assertThat(raw.get(EngineClient.polling(sid)).body()).isEqualTo("4still here");

            // nothing more on this kept-alive connection: closed at the bound, without a 408
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(timeouts).hasValue(0);
    }

    @Test
    void shouldCloseAConnectionThatNeverSendsWithoutAnAnswer() throws Exception {
        start(EngineOptions.defaults().withHttpRequestTimeout(Duration.ofMillis(300)));
        try (RawHttp silent = new RawHttp(server.port())) {
            // closedByServer reads: a 408 would be read as its first byte, not as EOF
            assertThat(silent.closedByServer()).isTrue();
        }
        assertThat(timeouts).hasValue(0);
    }

    @Test
    void shouldNotCutWebSocketsOnceUpgraded() throws Exception {
        start(EngineOptions.defaults().withHttpRequestTimeout(Duration.ofMillis(300))
                .withPing(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        EngineClient.Ws ws = new EngineClient(server.port()).websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());
        handler.await("open " + sid);

        // well past the bound: the session is still open
        assertThat(handler.events.poll(1, TimeUnit.SECONDS)).isNull();
        ws.send("4echo:later");
        assertThat(ws.next()).isEqualTo("4later");
        ws.socket.abort();
        assertThat(timeouts).hasValue(0);
    }

    /**
     * One connection sending a request one byte per {@code pace} until the server answers. Bytes go out half a pace
     * off the second marks, so none crosses the server's close (a byte the server has not read when it closes
     * turns its FIN into a reset, which can discard the answer before the client reads it).
     */
    record Slowloris(String answer, boolean closed, int bytesSent, long millis) {

        static Slowloris run(int port, String path, Duration pace) {
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slowloris\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            long started = System.nanoTime();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int sent = 0;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout((int) pace.toMillis() / 2);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    try {
                        int b = in.read();
                        if (b == -1) {
                            return new Slowloris(answer.toString(StandardCharsets.US_ASCII), true, sent,
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                        }
                        answer.write(b);
                        socket.setSoTimeout(5_000); // answered: read the rest, up to the close
                    } catch (SocketTimeoutException e) {
                        if (answer.size() == 0 && sent < request.length) {
                            out.write(request[sent++]);
                            out.flush();
                        }
                        socket.setSoTimeout((int) pace.toMillis());
                    }
                }
            } catch (IOException e) {
                answer.writeBytes(("\n<" + e + ">").getBytes(StandardCharsets.US_ASCII));
            }
            return new Slowloris(answer.toString(StandardCharsets.US_ASCII), false, sent,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }
}

package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PollingTests {

    static final RecordingHandler handler = new RecordingHandler();
    static EngineServer server;
    static EngineClient client;

    @BeforeAll
    static void start() {
        server = new EngineServer(EngineOptions.defaults(), handler, null);
        server.start("127.0.0.1", 0);
        client = new EngineClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldSplitPostedPayloadAndAnswerOk() throws Exception {
        String sid = client.handshake();

        HttpResponse<String> post = client.post(EngineClient.polling(sid), "4hello\u001e4echo:world\u001e4");

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).isEqualTo("ok");
        assertThat(post.headers().firstValue("content-type")).hasValue("text/html");
        handler.await("text " + sid + " hello");
        handler.await("text " + sid + " echo:world");
        handler.await("text " + sid + " ");
        assertThat(client.get(EngineClient.polling(sid)).body()).isEqualTo("4world");
    }

    @Test
    void shouldCarryBinaryAsBase64BothWays() throws Exception {
        String sid = client.handshake();
        handler.await("open " + sid);

        client.post(EngineClient.polling(sid), "bAQID");

        handler.await("binary " + sid + " AQID");
        HttpResponse<String> poll = client.get(EngineClient.polling(sid));
        assertThat(poll.body()).isEqualTo("bAQID");
        assertThat(poll.headers().firstValue("content-type")).hasValue("text/plain; charset=UTF-8");
    }

    @Test
    void shouldJoinQueuedPacketsInOnePollResponse() throws Exception {
        String sid = client.handshake();
        handler.await("open " + sid);
        EngineSession session = handler.sessions.get(sid);

        session.send("a");
        session.send(new byte[] {(byte) 0xff});
        session.send("é");

        awaitQueued(session);
        assertThat(client.get(EngineClient.polling(sid)).body()).isEqualTo("4a\u001eb/w==\u001e4é");
    }

    @Test
    void shouldAnswerPendingPollWhenDataArrives() throws Exception {
        String sid = client.handshake();
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(EngineClient.polling(sid));
        Thread.sleep(100);
        assertThat(poll).isNotDone();

        client.post(EngineClient.polling(sid), "4echo:pong");

        assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("4pong");
    }

    @Test
    void shouldAcceptBodyUpToMaxPayloadAndRejectLargerWith413() throws Exception {
        String sid = client.handshake();
        String big = "x".repeat(900_000);

        assertThat(client.post(EngineClient.polling(sid), "4" + big).statusCode()).isEqualTo(200);
        handler.await("text " + sid + " " + big);

        HttpResponse<String> tooBig = client.post(EngineClient.polling(sid), "4" + "x".repeat(1_000_000));
        assertThat(tooBig.statusCode()).isEqualTo(413);
    }

    @Test
    void shouldCloseSessionOnOverlappingPoll() throws Exception {
        String sid = client.handshake();
        CompletableFuture<HttpResponse<String>> first = client.getAsync(EngineClient.polling(sid));
        Thread.sleep(100);

        HttpResponse<String> second = client.get(EngineClient.polling(sid));

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(first.get(5, TimeUnit.SECONDS).body()).isEqualTo("1");
        handler.await("close " + sid + " transport error");
    }

    @Test
    void shouldAnswerPendingPollWithNoopWhenClientCloses() throws Exception {
        String sid = client.handshake();
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(EngineClient.polling(sid));
        Thread.sleep(100);

        assertThat(client.post(EngineClient.polling(sid), "1").body()).isEqualTo("ok");

        assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
        handler.await("close " + sid + " transport close");
        assertThat(client.get(EngineClient.polling(sid)).body()).contains("\"code\":1");
    }

    @Test
    void shouldCloseSessionWithParseErrorOnInvalidPacket() throws Exception {
        String sid = client.handshake();
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(EngineClient.polling(sid));
        Thread.sleep(100);

        client.post(EngineClient.polling(sid), "4fine\u001e9garbage\u001e4never");

        handler.await("text " + sid + " fine");
        handler.await("close " + sid + " parse error");
        assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("1");
        assertThat(handler.events).noneMatch(e -> e.equals("text " + sid + " never"));
    }

    @Test
    void shouldStillDeliverWhatWasSentBeforeParseErrorAsNodeDoes() throws Exception {
        String sid = client.handshake();
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(EngineClient.polling(sid));
        Thread.sleep(100);

        client.post(EngineClient.polling(sid), "4echo:last words\u001e9x");

        assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("4last words");
        handler.await("close " + sid + " parse error");
    }

    @Test
    void shouldAnswerPendingPollWithCloseWhenServerClosesSession() throws Exception {
        String sid = client.handshake();
        handler.await("open " + sid);
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(EngineClient.polling(sid));
        Thread.sleep(100);

        handler.sessions.get(sid).close();

        assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("1");
        handler.await("close " + sid + " forced close");
    }

    @Test
    void shouldFlushThenCloseOnNextPollsWhenServerClosesWithoutPendingPoll() throws Exception {
        String sid = client.handshake();
        handler.await("open " + sid);
        EngineSession session = handler.sessions.get(sid);

        session.send("bye");
        session.close();

        assertThat(client.get(EngineClient.polling(sid)).body()).isEqualTo("4bye");
        assertThat(client.get(EngineClient.polling(sid)).body()).isEqualTo("6\u001e1");
        handler.await("close " + sid + " forced close");
        assertThat(client.get(EngineClient.polling(sid)).body()).contains("\"code\":1");
    }

    @Test
    void shouldCloseSessionWhenPendingPollConnectionDrops() throws Exception {
        String sid;
        try (RawHttp raw = new RawHttp(server.port())) {
            sid = EngineClient.sidOf(raw.get("/socket.io/?EIO=4&transport=polling").body());
            raw.socket.getOutputStream().write(("GET " + EngineClient.polling(sid) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Thread.sleep(100);
        }
        handler.await("close " + sid + " transport error");
    }

    @Test
    void shouldKeepConnectionOpenBetweenPolls() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response open = raw.get("/socket.io/?EIO=4&transport=polling");
            assertThat(open.headers()).containsEntry("connection", "keep-alive");
            String sid = EngineClient.sidOf(open.body());

            assertThat(raw.post(EngineClient.polling(sid), "4echo:again").body()).isEqualTo("ok");
            RawHttp.Response poll = raw.get(EngineClient.polling(sid));
            assertThat(poll.body()).isEqualTo("4again");
            assertThat(poll.headers()).containsEntry("cache-control", "no-store");
            assertThat(raw.get(EngineClient.polling("unknown")).status()).isEqualTo(400);
            assertThat(raw.socket.isClosed()).isFalse();
        }
    }

    @Test
    void shouldReportNotWritableWhileQueueExceedsMaxPayload() throws Exception {
        String sid = client.handshake();
        handler.await("open " + sid);
        EngineSession session = handler.sessions.get(sid);
        assertThat(session.isWritable()).isTrue();

        for (int i = 0; i < 11; i++) {
            session.send("y".repeat(100_000));
        }

        assertThat(session.isWritable()).isFalse();
        assertThat(client.get(EngineClient.polling(sid)).body()).hasSize(11 * 100_001 + 10);
        assertThat(session.isWritable()).isTrue();
    }

    @Test
    void shouldCloseConnectionWhenClientAsksForIt() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response open = raw.request("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(open.status()).isEqualTo(200);
            assertThat(open.headers()).containsEntry("connection", "close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    private static void awaitQueued(EngineSession session) throws Exception {
        // sends hop to the session's event loop; a task queued after them runs once they are in the buffer
        session.executor().submit(() -> { }).get(5, TimeUnit.SECONDS);
        session.executor().submit(() -> { }).get(5, TimeUnit.SECONDS);
    }
}

package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketTests {

    static final RecordingHandler handler = new RecordingHandler();
    static EngineServer server;
    static EngineClient client;

    @BeforeAll
    static void start() {
        EngineOptions options = new EngineOptions("/socket.io/", Duration.ofSeconds(25), Duration.ofSeconds(20),
                Duration.ofMillis(500), 100_000, EngineOptions.DEFAULT_TRANSPORTS);
        server = new EngineServer(options, handler, null);
        server.start("127.0.0.1", 0);
        client = new EngineClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldSendBinaryAsRawFramesWithoutExtraByte() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());

        ws.sendBinary(new byte[] {1, 2, 3});

        handler.await("binary " + sid + " AQID");
        assertThat(ws.next()).isEqualTo("binary:010203");
        ws.send("bBAU=");
        handler.await("binary " + sid + " BAU=");
        ws.socket.abort();
    }

    @Test
    void shouldDeliverOnePreparedMessageToEveryTransportWhateverItsLength() throws Exception {
        EngineClient.Ws first = client.websocket("EIO=4&transport=websocket");
        EngineClient.Ws second = client.websocket("EIO=4&transport=websocket");
        EngineSession firstSession = handler.sessions.get(EngineClient.sidOf(first.next()));
        EngineSession secondSession = handler.sessions.get(EngineClient.sidOf(second.next()));
        String pollingSid = client.handshake();
        handler.await("open " + pollingSid); // the open packet may reach the client before onOpen has run
        EngineSession pollingSession = handler.sessions.get(pollingSid);
        // around each WebSocket length encoding (7-bit, 16-bit, 64-bit; the "4" prefix counts), and multi-byte UTF-8
        List<String> texts = List.of("", "x".repeat(124), "x".repeat(125), "x".repeat(65_534), "x".repeat(65_535),
                "é😀 ".repeat(30_000));

        for (String text : texts) {
            PreparedMessage message = PreparedMessage.of(text);
            firstSession.send(message);
            secondSession.send(message);
            pollingSession.send(message);
            assertThat(first.next()).isEqualTo("4" + text);
            assertThat(second.next()).isEqualTo("4" + text);
            assertThat(client.get(EngineClient.polling(pollingSid)).body()).isEqualTo("4" + text);
        }
        first.socket.abort();
        second.socket.abort();
    }

    @Test
    void shouldDropAClientThatStopsReadingOnceItsBacklogPassesTheLimitAndKeepServingOthers() throws Exception {
        RecordingHandler slowHandler = new RecordingHandler();
        EngineOptions limited = EngineOptions.defaults().withMaxPayload(100_000).withMaxBufferedBytes(256 * 1024);
        try (EngineServer slowServer = new EngineServer(limited, slowHandler, null);
             java.net.Socket stalled = new java.net.Socket()) {
            slowServer.start("127.0.0.1", 0);
            stalled.setReceiveBufferSize(16 * 1024);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", slowServer.port()), 5_000);
            stalled.getOutputStream().write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String sid = slowHandler.next().substring("open ".length());
            EngineClient.Ws reader = new EngineClient(slowServer.port()).websocket("EIO=4&transport=websocket");
            String readerSid = EngineClient.sidOf(reader.next());
            slowHandler.await("open " + readerSid); // the open frame may reach the client before onOpen ran
            EngineSession readerSession = slowHandler.sessions.get(readerSid);
            PreparedMessage chunk = PreparedMessage.of("x".repeat(64 * 1024));

            // from now on the stalled client reads nothing: the kernel's buffers fill, then the server's backlog
            for (int i = 0; i < 400 && slowHandler.sessions.get(sid).isOpen(); i++) {
                slowHandler.sessions.get(sid).send(chunk);
                readerSession.send("still served " + i);
                assertThat(reader.next()).isEqualTo("4still served " + i);
            }

            slowHandler.await("close " + sid + " write buffer full");
            readerSession.send("after the drop");
            assertThat(reader.next()).isEqualTo("4after the drop");
            assertThat(readerSession.isOpen()).isTrue();
            reader.socket.abort();
        }
    }

    @Test
    void shouldCloseWith1009WhenMessageExceedsMaxPayload() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());

        ws.socket.sendText("4" + "x".repeat(100_000), true);

        assertThat(ws.awaitClose()).isEqualTo(1009);
        handler.await("close " + sid + " transport error");
    }

    @Test
    void shouldCloseSessionWithParseErrorOnInvalidFrame() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());

        ws.send("garbage");

        handler.await("close " + sid + " parse error");
        ws.awaitClose();
    }

    @Test
    void shouldReportTransportCloseWhenClientClosesSocket() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());

        ws.socket.sendClose(1000, "bye");

        handler.await("close " + sid + " transport close");
        assertThat(handler.sessions.get(sid).isOpen()).isFalse();
    }

    @Test
    void shouldUpgradePollingSessionWithProbeSequence() throws Exception {
        String sid = client.handshake();
        handler.await("open " + sid);
        CompletableFuture<HttpResponse<String>> pendingPoll = client.getAsync(EngineClient.polling(sid));
        Thread.sleep(100);

        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket&sid=" + sid);
        ws.send("2probe");
        assertThat(ws.next()).isEqualTo("3probe");
        assertThat(pendingPoll.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");

        EngineSession session = handler.sessions.get(sid);
        session.send("queued while upgrading");
        session.executor().submit(() -> { }).get(5, TimeUnit.SECONDS);
        ws.send("5");

        assertThat(ws.next()).isEqualTo("4queued while upgrading");
        assertThat(session.transport()).isEqualTo("websocket");
        handler.await("upgrade " + sid + " websocket");
        ws.send("4over websocket");
        handler.await("text " + sid + " over websocket");
    }

    @Test
    void shouldRefuseOldPollingRequestsAfterUpgrade() throws Exception {
        String sid = client.handshake();
        EngineClient.Ws ws = upgraded(sid);

        HttpResponse<String> poll = client.get(EngineClient.polling(sid));
        HttpResponse<String> post = client.post(EngineClient.polling(sid), "4late");

        assertThat(poll.statusCode()).isEqualTo(400);
        assertThat(poll.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(post.statusCode()).isEqualTo(400);
        ws.socket.abort();
    }

    @Test
    void shouldCloseSecondWebSocketForSameSid() throws Exception {
        String sid = client.handshake();
        EngineClient.Ws first = upgraded(sid);

        EngineClient.Ws second = client.websocket("EIO=4&transport=websocket&sid=" + sid);

        second.awaitClose();
        first.send("4still here");
        handler.await("text " + sid + " still here");
    }

    @Test
    void shouldCloseSecondWebSocketWhileFirstIsProbing() throws Exception {
        String sid = client.handshake();
        EngineClient.Ws first = client.websocket("EIO=4&transport=websocket&sid=" + sid);
        first.send("2probe");
        assertThat(first.next()).isEqualTo("3probe");

        EngineClient.Ws second = client.websocket("EIO=4&transport=websocket&sid=" + sid);

        second.awaitClose();
        first.send("5");
        handler.sessions.get(sid).send("done");
        assertThat(first.next()).isEqualTo("4done");
    }

    @Test
    void shouldCloseProbeAfterUpgradeTimeoutAndKeepPolling() throws Exception {
        String sid = client.handshake();
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket&sid=" + sid);

        ws.awaitClose();

        assertThat(handler.sessions.get(sid).isOpen()).isTrue();
        client.post(EngineClient.polling(sid), "4echo:polling");
        assertThat(client.get(EngineClient.polling(sid)).body()).isEqualTo("4polling");
    }

    @Test
    void shouldRefuseUpgradesWithAMissingOrInvalidKeyWith400() throws Exception {
        // none, not base64, base64 of 19 bytes, 16 bytes without the padding
        for (String keyHeader : List.of("", "Sec-WebSocket-Key: abc\r\n",
                "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAAAAA==\r\n",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ\r\n")) {
            try (RawHttp raw = new RawHttp(server.port())) {
                RawHttp.Response response = raw.request(upgrade(keyHeader + "Sec-WebSocket-Version: 13\r\n"));

                assertThat(response.status()).as(keyHeader).isEqualTo(400);
                assertThat(response.body()).isEqualTo("Missing or invalid Sec-WebSocket-Key header");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void shouldAnswerAMissingOrUnsupportedVersionWith400AsWs() throws Exception {
        for (String versionHeader : List.of("", "Sec-WebSocket-Version: 12\r\n")) {
            try (RawHttp raw = new RawHttp(server.port())) {
                RawHttp.Response response = raw.request(
                        upgrade("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + versionHeader));

                assertThat(response.status()).as(versionHeader).isEqualTo(400);
                assertThat(response.body()).isEqualTo("Missing or invalid Sec-WebSocket-Version header");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void shouldUpgradeWithAValidKey() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response response = raw.request(
                    upgrade("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"));

            assertThat(response.status()).isEqualTo(101);
            // RFC 6455 1.3's example key and its accept value
            assertThat(response.headers()).containsEntry("sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    private static String upgrade(String keyAndVersion) {
        return "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n" + keyAndVersion + "\r\n";
    }

    private static EngineClient.Ws upgraded(String sid) throws Exception {
        handler.await("open " + sid);
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket&sid=" + sid);
        ws.send("2probe");
        assertThat(ws.next()).isEqualTo("3probe");
        ws.send("5");
        EngineSession session = handler.sessions.get(sid);
        long deadline = System.currentTimeMillis() + 5_000;
        while (!"websocket".equals(session.transport()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(session.transport()).isEqualTo("websocket");
        return ws;
    }
}

package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;

class LifecycleTests {

    final RecordingHandler handler = new RecordingHandler();
    EngineServer server;
    EngineClient client;

    @BeforeEach
    void start() {
        server = new EngineServer(EngineOptions.defaults(), handler, null);
        server.start("127.0.0.1", 0);
        client = new EngineClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldFailClearlyWhenPortIsTaken() {
        try (EngineServer second = new EngineServer(EngineOptions.defaults(), handler, null)) {
            assertThatThrownBy(() -> second.start("127.0.0.1", server.port()))
                    .isInstanceOf(EngineStartException.class)
                    .hasMessageContaining(":" + server.port());
        }
    }

    @Test
    void shouldStopAcceptingButKeepExistingSessions() throws Exception {
        try (RawHttp kept = new RawHttp(server.port())) {
            String sid = EngineClient.sidOf(kept.get("/socket.io/?EIO=4&transport=polling").body());

            server.stopAccepting();

            assertConnectionRefused(server.port());
            assertThat(kept.get("/socket.io/?EIO=4&transport=polling").status()).isEqualTo(503);
            assertThat(kept.post(EngineClient.polling(sid), "4echo:still").body()).isEqualTo("ok");
            assertThat(kept.get(EngineClient.polling(sid)).body()).isEqualTo("4still");
            assertThat(server.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldCloseAllSessionsSoClientsReconnect() throws Exception {
        String pollingSid = client.handshake();
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(EngineClient.polling(pollingSid));
        String idleSid = client.handshake();
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String wsSid = EngineClient.sidOf(ws.next());
        Thread.sleep(100);
        assertThat(server.sessionCount()).isEqualTo(3);

        server.closeAllSessions();

        assertThat(poll.get(5, TimeUnit.SECONDS).body()).isEqualTo("1");
        ws.awaitClose();
        handler.await("close " + pollingSid + " server shutting down");
        RecordingHandler other = handler;
        assertThat(client.get(EngineClient.polling(idleSid)).body()).contains("\"code\":1");
        assertThat(other.events).isNotNull();
        long deadline = System.currentTimeMillis() + 5_000;
        while (server.sessionCount() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.sessionCount()).isZero();
        assertThat(wsSid).isNotEqualTo(idleSid);
    }

    @Test
    void shouldServeWithTunedEventLoops() throws Exception {
        try (EngineServer tuned = new EngineServer(EngineOptions.defaults(), handler, null)
                .tuning(NettyTuning.defaults().withWorkerThreads(1).withNativeTransport(false))) {
            tuned.start("127.0.0.1", 0);

            assertThat(new EngineClient(tuned.port()).handshake()).hasSize(20);
            assertThat(tuned.workerGroup()).get().satisfies(group -> assertThat(group).hasSize(1));
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void shouldServeHandshakesAndWebSocketsOnEveryTransportOrItsFallback(NettyTransport wanted) throws Exception {
        NettyTransport expected = switch (wanted) {
            case IO_URING -> IoUring.isAvailable() ? NettyTransport.IO_URING
                    : Epoll.isAvailable() ? NettyTransport.EPOLL : NettyTransport.NIO;
            case AUTO, EPOLL -> Epoll.isAvailable() ? NettyTransport.EPOLL : NettyTransport.NIO;
            case NIO -> NettyTransport.NIO;
        };
        try (EngineServer tuned = new EngineServer(EngineOptions.defaults(), handler, null)
                .tuning(NettyTuning.defaults().withWorkerThreads(1).withTransport(wanted))) {
            tuned.start("127.0.0.1", 0);
            EngineClient tunedClient = new EngineClient(tuned.port());

            assertThat(tuned.transport()).isEqualTo(expected);
            assertThat(tunedClient.handshake()).hasSize(20);
            EngineClient.Ws ws = tunedClient.websocket("EIO=4&transport=websocket");
            String sid = EngineClient.sidOf(ws.next());
            ws.sendBinary(new byte[] {1, 2, 3});
            handler.await("binary " + sid + " AQID");
            assertThat(ws.next()).isEqualTo("binary:010203");
            ws.socket.abort();
        }
    }

    @Test
    void shouldParseTransportNames() {
        assertThat(NettyTransport.parse(" IO_uring ")).isEqualTo(NettyTransport.IO_URING);
        assertThat(NettyTransport.IO_URING.text()).isEqualTo("io_uring");
        assertThatThrownBy(() -> NettyTransport.parse("kqueue"))
                .hasMessage("transport must be auto, io_uring, epoll or nio (got \"kqueue\")");
        assertThat(NettyTuning.defaults().withTransport(NettyTransport.EPOLL).withNativeTransport(true).transport())
                .isEqualTo(NettyTransport.EPOLL);
        assertThat(NettyTuning.defaults().withNativeTransport(false).transport()).isEqualTo(NettyTransport.NIO);
    }

    @Test
    void shouldCloseIdempotently() {
        server.close();
        server.close();

        assertConnectionRefused(server.port());
    }

    private static void assertConnectionRefused(int port) {
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}

package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeartbeatTests {

    static final RecordingHandler handler = new RecordingHandler();
    static EngineServer server;
    static EngineClient client;

    @BeforeAll
    static void start() {
        server = new EngineServer(EngineOptions.defaults().withPing(Duration.ofMillis(200), Duration.ofMillis(300)),
                handler, null);
        server.start("127.0.0.1", 0);
        client = new EngineClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldAdvertiseConfiguredIntervals() throws Exception {
        assertThat(client.get("/socket.io/?EIO=4&transport=polling").body())
                .contains("\"pingInterval\":200,\"pingTimeout\":300");
    }

    @Test
    void shouldKeepSessionAliveWhileClientAnswersPings() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());

        for (int i = 0; i < 4; i++) {
            assertThat(ws.next()).isEqualTo("2");
            ws.send("3");
        }

        assertThat(handler.sessions.get(sid).isOpen()).isTrue();
        ws.socket.abort();
    }

    @Test
    void shouldCloseWithPingTimeoutWhenNoPong() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());

        assertThat(ws.next()).isEqualTo("2");

        handler.await("close " + sid + " ping timeout");
        ws.awaitClose();
    }

    @Test
    void shouldPingOverPollingAndTimeOut() throws Exception {
        String sid = client.handshake();

        assertThat(client.get(EngineClient.polling(sid)).body()).isEqualTo("2");

        handler.await("close " + sid + " ping timeout");
        assertThat(client.get(EngineClient.polling(sid)).body()).contains("\"code\":1");
    }

    @Test
    void shouldCloseWithTransportErrorWhenClientPings() throws Exception {
        String sid = client.handshake();

        client.post(EngineClient.polling(sid), "2");

        handler.await("close " + sid + " transport error");
    }
}

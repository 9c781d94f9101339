package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** maxConnectionsPerAddress over real HTTP: the N+1th session from one address is refused with 429, and counted. */
class ConnectionsPerAddressTests {

    private final RecordingHandler handler = new RecordingHandler();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger rejectedOtherwise = new AtomicInteger();
    private EngineServer server;
    private EngineClient client;

    private void start(int max) {
        server = new EngineServer(EngineOptions.defaults().withMaxConnectionsPerAddress(max), handler, null);
        server.observe(new EngineObserver() {
            @Override
            public void tooManyConnections() {
                refused.incrementAndGet();
            }

            @Override
            public void handshakeRejected(int code, String message) {
                rejectedOtherwise.incrementAndGet();
            }
        });
        server.start("127.0.0.1", 0);
        client = new EngineClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldRefuseThePollingHandshakeOverTheLimitWith429AndAClearMessage() throws Exception {
        start(2);
        client.handshake();
        client.handshake();

        HttpResponse<String> third = client.get("/socket.io/?EIO=4&transport=polling");

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(third.body()).isEqualTo("{\"code\":4,\"message\":\"Too many connections from this address\"}");
        assertThat(refused).hasValue(1);
        assertThat(rejectedOtherwise).hasValue(0);
        assertThat(server.sessionCount()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAWebSocketOverTheLimitBeforeItsUpgrade() throws Exception {
        start(1);
        EngineClient.Ws first = client.websocket("EIO=4&transport=websocket");
        assertThat(first.next()).startsWith("0{\"sid\":");

        assertThatThrownBy(() -> client.websocket("EIO=4&transport=websocket"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(429));
        assertThat(refused).hasValue(1);
    }

    @Test
    void shouldGiveTheSlotBackWhenASessionCloses() throws Exception {
        start(1);
        String sid = client.handshake();
        assertThat(client.get("/socket.io/?EIO=4&transport=polling").statusCode()).isEqualTo(429);

        client.post(EngineClient.polling(sid), "1"); // the client's close packet
        handler.await("close " + sid + " transport close");

        assertThat(client.get("/socket.io/?EIO=4&transport=polling").statusCode()).isEqualTo(200);
        assertThat(refused).hasValue(1);
    }

    @Test
    void shouldNotLimitRequestsOfAnOpenSession() throws Exception {
        start(1);
        String sid = client.handshake();

        for (int i = 0; i < 3; i++) {
            assertThat(client.post(EngineClient.polling(sid), "4hello").statusCode()).isEqualTo(200);
        }
        assertThat(refused).hasValue(0);
    }

    @Test
    void shouldNotCountWithoutALimit() throws Exception {
        start(EngineOptions.UNLIMITED_CONNECTIONS_PER_ADDRESS);
        for (int i = 0; i < 20; i++) {
            client.handshake();
        }
        assertThat(refused).hasValue(0);
        assertThatThrownBy(() -> EngineOptions.defaults().withMaxConnectionsPerAddress(-1))
                .hasMessageContaining("maxConnectionsPerAddress must be >= 0");
    }
}

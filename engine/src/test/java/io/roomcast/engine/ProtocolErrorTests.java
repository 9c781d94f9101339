package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each Engine.IO error code in the case Node's server.ts uses it. */
class ProtocolErrorTests {

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

    private static void assertError(HttpResponse<String> response, int code, String message) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    @Test
    void shouldRejectMissingOrUnknownTransportWithCode0() throws Exception {
        assertError(client.get("/socket.io/?EIO=4"), 0, "Transport unknown");
        assertError(client.get("/socket.io/?EIO=4&transport=flashsocket"), 0, "Transport unknown");
    }

    @Test
    void shouldRejectUnknownOrMalformedSidWithCode1() throws Exception {
        assertError(client.get("/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA"), 1,
                "Session ID unknown");
        assertError(client.get("/socket.io/?EIO=4&transport=polling&sid=%22%3C%3E%00..%2F%FF"), 1,
                "Session ID unknown");
        assertError(client.post("/socket.io/?EIO=4&transport=polling&sid=nope", "4x"), 1, "Session ID unknown");
    }

    @Test
    void shouldAnswerSidWithBrokenPercentEscapesWithCode1NotHangUp() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response response = raw.get("/socket.io/?EIO=4&transport=polling&sid=%%%not-a-sid");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        }
    }

    @Test
    void shouldRejectHandshakeWithOtherMethodThanGetWithCode2() throws Exception {
        assertError(client.post("/socket.io/?EIO=4&transport=polling", "4x"), 2, "Bad handshake method");
        assertError(client.send(HttpRequest.newBuilder(client.uri("/socket.io/?EIO=4&transport=polling"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())), 2, "Bad handshake method");
    }

    @Test
    void shouldRejectWebSocketTransportWithoutUpgradeWithCode3() throws Exception {
        assertError(client.get("/socket.io/?EIO=4&transport=websocket"), 3, "Bad request");
    }

    @Test
    void shouldRejectTransportMismatchForSidWithCode3() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");
        String sid = EngineClient.sidOf(ws.next());

        assertError(client.get(EngineClient.polling(sid)), 3, "Bad request");
        assertError(client.post(EngineClient.polling(sid), "4x"), 3, "Bad request");
        ws.socket.abort();
    }

    @Test
    void shouldRejectMissingOrOldProtocolVersionWithCode5() throws Exception {
        assertError(client.get("/socket.io/?transport=polling"), 5, "Unsupported protocol version");
        assertError(client.get("/socket.io/?EIO=3&transport=polling"), 5, "Unsupported protocol version");
    }

    @Test
    void shouldRejectHandshakeRefusedByAllowRequestWithCode4() throws Exception {
        try (EngineServer guarded = new EngineServer(EngineOptions.defaults(), handler, null)
                .allowRequest(request -> "yes".equals(request.queryParam("allowed")))) {
            guarded.start("127.0.0.1", 0);
            EngineClient guardedClient = new EngineClient(guarded.port());

            HttpResponse<String> refused = guardedClient.get("/socket.io/?EIO=4&transport=polling");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
            assertThat(guardedClient.get("/socket.io/?EIO=4&transport=polling&allowed=yes").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldCheckTransportBeforeMethodAndMethodBeforeVersion() throws Exception {
        assertError(client.post("/socket.io/?EIO=3&transport=nope", ""), 0, "Transport unknown");
        assertError(client.post("/socket.io/?EIO=3&transport=polling", ""), 2, "Bad handshake method");
    }

    /** Found by EngineRequestRouterFuzzTests: the upgrade without a key used to drop the connection unanswered. */
    @Test
    void shouldAnswerWebSocketUpgradeWithoutValidKeyWith400AsWs() throws Exception {
        for (String key : new String[] {"", "Sec-WebSocket-Key: not-base64-of-16-bytes\r\n"}) {
            try (RawHttp raw = new RawHttp(server.port())) {
                RawHttp.Response response = raw.request("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                        + "Host: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Version: 13\r\n" + key + "\r\n");

                assertThat(response.status()).isEqualTo(400);
                assertThat(response.body()).isEqualTo("Missing or invalid Sec-WebSocket-Key header");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void shouldAnswerWebSocketUpgradeOfAnOldVersionWith400AsWs() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response response = raw.request("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 7\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("Missing or invalid Sec-WebSocket-Version header");
        }
    }

    /** Found by EngineRequestRouterFuzzTests: Netty's handshaker threw for a POST upgrade of a live session. */
    @Test
    void shouldAnswerWebSocketUpgradeOfASessionByPostWith405AsWs() throws Exception {
        String sid = client.handshake();
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response response = raw.request("POST /socket.io/?EIO=4&transport=websocket&sid=" + sid
                    + " HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Content-Length: 0\r\n\r\n");

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.body()).isEqualTo("Invalid HTTP method");
        }
    }

    @Test
    void shouldRefuseWebSocketUpgradeForUnknownSidWith400() {
        assertThatThrownBy(() -> client.websocket("EIO=4&transport=websocket&sid=unknown"))
                .satisfies(e -> assertThat(handshakeFailure(e).getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void shouldFailWebSocketHandshakeWithOldVersionAfterUpgradeAsNode() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response upgrade = raw.request("GET /socket.io/?EIO=3&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            RawHttp.Response error = raw.read();

            assertThat(upgrade.status()).isEqualTo(101);
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.body()).isEqualTo("Unsupported protocol version");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldAnswerOtherMethodsOnPollingSidWith500() throws Exception {
        String sid = client.handshake();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(client.uri(EngineClient.polling(sid)))
                .method("PUT", HttpRequest.BodyPublishers.ofString("4x")));

        assertThat(response.statusCode()).isEqualTo(500);
    }

    static WebSocketHandshakeException handshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException handshake) {
                return handshake;
            }
        }
        throw new AssertionError("not a websocket handshake failure", e);
    }
}

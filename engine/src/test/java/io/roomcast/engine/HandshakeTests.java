package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HandshakeTests {

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
    void shouldAnswerPollingHandshakeWithNodesOpenPacket() throws Exception {
        HttpResponse<String> response = client.get("/socket.io/?EIO=4&transport=polling&t=abc");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=UTF-8");
        assertThat(response.headers().firstValue("set-cookie")).isEmpty();
        assertThat(response.body()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"\\],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        String sid = EngineClient.sidOf(response.body());
        handler.await("open " + sid);
        assertThat(handler.sessions.get(sid).transport()).isEqualTo("polling");
        assertThat(handler.sessions.get(sid).request().queryParam("t")).isEqualTo("abc");
    }

    @Test
    void shouldIgnoreIoCookieAndCreateAFreshSession() throws Exception {
        String first = client.handshake();
        HttpResponse<String> second = client.send(HttpRequest.newBuilder(
                client.uri("/socket.io/?EIO=4&transport=polling")).header("Cookie", "io=" + first).GET());

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(EngineClient.sidOf(second.body())).isNotEqualTo(first);
    }

    @Test
    void shouldOpenDirectWebSocketSessionWithoutUpgrades() throws Exception {
        EngineClient.Ws ws = client.websocket("EIO=4&transport=websocket");

        String open = ws.next();
        assertThat(open).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\\],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        String sid = EngineClient.sidOf(open);
        ws.send("4echo:hello");
        assertThat(ws.next()).isEqualTo("4hello");
        assertThat(handler.sessions.get(sid).transport()).isEqualTo("websocket");
        ws.socket.sendClose(1000, "");
        assertThat(ws.awaitClose()).isEqualTo(1000);
    }

    @Test
    void shouldHandOtherPathsToTheFallback() throws Exception {
        HttpFallback page = (ctx, request, keepAlive) -> io.roomcast.engine.internal.HttpResponses.write(ctx.channel(),
                io.netty.handler.codec.http.HttpResponseStatus.OK, "text/html", "<h1>" + request.uri() + "</h1>",
                keepAlive, false);
        try (EngineServer withPage = new EngineServer(EngineOptions.defaults(), handler, page)) {
            withPage.start("127.0.0.1", 0);
            EngineClient pageClient = new EngineClient(withPage.port());

            assertThat(pageClient.get("/demo").body()).isEqualTo("<h1>/demo</h1>");
            assertThat(pageClient.get("/socket.io/?EIO=4&transport=polling").body()).startsWith("0{\"sid\"");
        }
    }

    @Test
    void shouldServeOtherPathsWithNotFound() throws Exception {
        HttpResponse<String> response = client.get("/index.html");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("Not Found");
    }
}

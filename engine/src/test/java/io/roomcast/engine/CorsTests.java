package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * CORS on the Engine.IO path against a real server, over raw HTTP to see every header. Expected headers are the
 * ones Node socket.io 4.8.4 sends with the same {@code cors} option (engine/README.md, "CORS").
 */
class CorsTests {

    static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";
    static final String A = "http://a.example";
    static final String EVIL = "http://evil.example";

    static String get(String path, String origin) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + originHeader(origin) + "\r\n";
    }

    static String post(String path, String origin, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + originHeader(origin)
                + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static String preflight(String path, String origin, String requestHeaders) {
        return "OPTIONS " + path + " HTTP/1.1\r\nHost: localhost\r\n" + originHeader(origin)
                + "Access-Control-Request-Method: GET\r\n"
                + (requestHeaders == null ? "" : "Access-Control-Request-Headers: " + requestHeaders + "\r\n")
                + "\r\n";
    }

    static String upgrade(String query, String origin) {
        return "GET /socket.io/?" + query + " HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + originHeader(origin) + "\r\n";
    }

    private static String originHeader(String origin) {
        return origin == null ? "" : "Origin: " + origin + "\r\n";
    }

    /** Node: {@code cors: {origin: ["http://a.example", "http://b.example"], credentials: true}}. */
    @Nested
    class AllowList {

        static final RecordingHandler handler = new RecordingHandler();
        static final List<String> rejections = new CopyOnWriteArrayList<>();
        static EngineServer server;

        @BeforeAll
        static void start() {
            EngineOptions options = EngineOptions.defaults()
                    .withCors(CorsOptions.origins(A, "http://b.example").withCredentials(true));
            server = new EngineServer(options, handler, null).observe(new EngineObserver() {
                @Override
                public void handshakeRejected(int code, String message) {
                    rejections.add(code + " " + message);
                }
            });
            server.start("127.0.0.1", 0);
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void shouldAnswerPreflightWith204AndReflectTheRequestedHeaders() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(preflight(HANDSHAKE, A, "x-foo, content-type"));

                assertThat(response.status()).isEqualTo(204);
                assertThat(response.headers())
                        .containsEntry("access-control-allow-origin", A)
                        .containsEntry("access-control-allow-credentials", "true")
                        .containsEntry("access-control-allow-methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
                        .containsEntry("access-control-allow-headers", "x-foo, content-type")
                        .containsEntry("vary", "Origin, Access-Control-Request-Headers")
                        .doesNotContainKey("access-control-max-age");
                // no body; the connection stays usable, as Node keeps it alive
                assertThat(http.request(get(HANDSHAKE, A)).status()).isEqualTo(200);
            }
        }

        @Test
        void shouldAnswerPreflightFromAForeignOriginWithoutAllowOrigin() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(preflight(HANDSHAKE, EVIL, null));

                assertThat(response.status()).isEqualTo(204);
                assertThat(response.headers()).doesNotContainKey("access-control-allow-origin")
                        .doesNotContainKey("access-control-allow-headers")
                        .containsEntry("vary", "Origin, Access-Control-Request-Headers")
                        .containsEntry("access-control-allow-credentials", "true");
            }
        }

        @Test
        void shouldAnswerPreflightBeforeCheckingTheRequest() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                // Node's middleware runs before verify(): even an unknown transport gets the 204
                assertThat(http.request(preflight("/socket.io/?EIO=4&transport=foo", A, null)).status())
                        .isEqualTo(204);
            }
        }

        @Test
        void shouldReflectAnAllowedOriginOnHandshakeParkedPollAndPost() throws Exception {
            try (RawHttp poll = new RawHttp(server.port()); RawHttp send = new RawHttp(server.port())) {
                RawHttp.Response open = poll.request(get(HANDSHAKE, A));
                assertThat(open.status()).isEqualTo(200);
                assertThat(open.headers()).containsEntry("access-control-allow-origin", A)
                        .containsEntry("access-control-allow-credentials", "true")
                        .containsEntry("vary", "Origin");
                String sid = EngineClient.sidOf(open.body());

                poll.send(get(EngineClient.polling(sid), A));
                RawHttp.Response posted = send.request(post(EngineClient.polling(sid), A, "4echo:hi"));
                RawHttp.Response delivered = poll.read();

                assertThat(posted.status()).isEqualTo(200);
                assertThat(posted.headers()).containsEntry("access-control-allow-origin", A);
                assertThat(delivered.body()).isEqualTo("4hi");
                assertThat(delivered.headers()).containsEntry("access-control-allow-origin", A)
                        .containsEntry("access-control-allow-credentials", "true");
            }
        }

        @Test
        void shouldDecorateErrorResponsesAsNodeDoes() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(get(EngineClient.polling("nope"), A));

                assertThat(response.status()).isEqualTo(400);
                assertThat(response.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
                assertThat(response.headers()).containsEntry("access-control-allow-origin", A);
            }
        }

        @Test
        void shouldRefuseAPollingHandshakeFromAForeignOrigin() throws Exception {
            int sessions = server.sessionCount();
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(get(HANDSHAKE, EVIL));

                assertThat(response.status()).isEqualTo(403);
                assertThat(response.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
                assertThat(response.headers()).doesNotContainKey("access-control-allow-origin");
            }
            assertThat(server.sessionCount()).isEqualTo(sessions);
            assertThat(rejections).contains("4 Forbidden");
        }

        @Test
        void shouldRefuseAWebSocketFromAForeignOriginBeforeThe101() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(upgrade("EIO=4&transport=websocket", EVIL));

                assertThat(response.status()).isEqualTo(403);
                assertThat(response.body()).isEqualTo("Forbidden");
                assertThat(http.closedByServer()).isTrue();
            }
        }

        @Test
        void shouldRefuseTheUpgradeOfASessionFromAForeignOrigin() throws Exception {
            String sid;
            try (RawHttp http = new RawHttp(server.port())) {
                sid = EngineClient.sidOf(http.request(get(HANDSHAKE, A)).body());
            }
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(upgrade("EIO=4&transport=websocket&sid=" + sid, EVIL));

                assertThat(response.status()).isEqualTo(403);
            }
        }

        @Test
        void shouldUpgradeAWebSocketFromAnAllowedOriginWithCorsHeadersOnThe101() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(upgrade("EIO=4&transport=websocket", A));

                assertThat(response.status()).isEqualTo(101);
                assertThat(response.headers()).containsEntry("access-control-allow-origin", A)
                        .containsEntry("access-control-allow-credentials", "true");
            }
            EngineClient.Ws ws = new EngineClient(server.port()).websocket("EIO=4&transport=websocket", A);
            String sid = EngineClient.sidOf(ws.next());
            ws.send("4echo:hello");
            assertThat(ws.next()).isEqualTo("4hello");
            assertThat(handler.sessions.get(sid).transport()).isEqualTo("websocket");
            ws.socket.abort();
        }

        @Test
        void shouldServeSameOriginPagesOutsideTheList() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                // a page served by this host (e.g. the node's own demo page behind TLS offload) opens a WebSocket
                RawHttp.Response response = http.request(upgrade("EIO=4&transport=websocket", "https://localhost"));

                assertThat(response.status()).isEqualTo(101);
                assertThat(response.headers()).doesNotContainKey("access-control-allow-origin");
            }
        }

        @Test
        void shouldServeClientsThatSendNoOrigin() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(get(HANDSHAKE, null));

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers()).doesNotContainKey("access-control-allow-origin")
                        .containsEntry("vary", "Origin");
            }
            EngineClient.Ws ws = new EngineClient(server.port()).websocket("EIO=4&transport=websocket");
            assertThat(ws.next()).startsWith("0{\"sid\"");
            ws.socket.abort();
        }
    }

    /** Node: {@code cors: {origin: "*"}}. */
    @Nested
    class AnyOrigin {

        static EngineServer server;

        @BeforeAll
        static void start() {
            server = new EngineServer(EngineOptions.defaults().withCors(CorsOptions.allowAll()),
                    new RecordingHandler(), null);
            server.start("127.0.0.1", 0);
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void shouldSendAStarToEveryOrigin() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(get(HANDSHAKE, EVIL));

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers()).containsEntry("access-control-allow-origin", "*")
                        .doesNotContainKey("vary")
                        .doesNotContainKey("access-control-allow-credentials");
            }
        }

        @Test
        void shouldAnswerPreflightWithAStarAndVaryOnlyOnRequestHeaders() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(preflight(HANDSHAKE, EVIL, "x-foo"));

                assertThat(response.status()).isEqualTo(204);
                assertThat(response.headers()).containsEntry("access-control-allow-origin", "*")
                        .containsEntry("access-control-allow-headers", "x-foo")
                        .containsEntry("vary", "Access-Control-Request-Headers");
            }
        }

        @Test
        void shouldAcceptWebSocketsFromEveryOrigin() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(upgrade("EIO=4&transport=websocket", EVIL));

                assertThat(response.status()).isEqualTo(101);
                assertThat(response.headers()).containsEntry("access-control-allow-origin", "*");
            }
        }
    }

    /** Node: {@code cors: {origin: [A], methods: [..], allowedHeaders: [..], exposedHeaders: [..], maxAge: 600}}. */
    @Nested
    class FixedHeaders {

        static EngineServer server;

        @BeforeAll
        static void start() {
            CorsOptions cors = CorsOptions.origins(A).withMethods("GET", "POST").withAllowedHeaders("x-token")
                    .withExposedHeaders("x-id").withMaxAge(Duration.ofSeconds(600));
            server = new EngineServer(EngineOptions.defaults().withCors(cors), new RecordingHandler(), null);
            server.start("127.0.0.1", 0);
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void shouldSendTheConfiguredPreflightHeaders() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(preflight(HANDSHAKE, A, "x-foo"));

                assertThat(response.status()).isEqualTo(204);
                assertThat(response.headers()).containsEntry("access-control-allow-origin", A)
                        .containsEntry("access-control-allow-methods", "GET,POST")
                        .containsEntry("access-control-allow-headers", "x-token")
                        .containsEntry("access-control-max-age", "600")
                        .containsEntry("access-control-expose-headers", "x-id")
                        .containsEntry("vary", "Origin")
                        .doesNotContainKey("access-control-allow-credentials");
            }
        }

        @Test
        void shouldExposeHeadersOnActualResponses() throws Exception {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response response = http.request(get(HANDSHAKE, A));

                assertThat(response.headers()).containsEntry("access-control-expose-headers", "x-id")
                        .doesNotContainKey("access-control-allow-methods");
            }
        }
    }

    /** Node's default: no {@code cors} option, no CORS handling. */
    @Nested
    class Unconfigured {

        @Test
        void shouldRefuseOptionsAsABadHandshakeAndSendNoCorsHeaders() throws Exception {
            try (EngineServer server = new EngineServer(EngineOptions.defaults(), new RecordingHandler(), null)) {
                server.start("127.0.0.1", 0);
                try (RawHttp http = new RawHttp(server.port())) {
                    RawHttp.Response options = http.request(preflight(HANDSHAKE, A, null));
                    RawHttp.Response handshake = http.request(get(HANDSHAKE, EVIL));

                    assertThat(options.status()).isEqualTo(400);
                    assertThat(options.body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
                    assertThat(handshake.status()).isEqualTo(200);
                    assertThat(handshake.headers()).doesNotContainKeys("access-control-allow-origin", "vary");
                }
            }
        }

        @Test
        void shouldLeaveRequestsOutsideTheEnginePathToTheFallback() throws Exception {
            EngineOptions options = EngineOptions.defaults().withCors(CorsOptions.allowAll());
            try (EngineServer server = new EngineServer(options, new RecordingHandler(), null)) {
                server.start("127.0.0.1", 0);
                try (RawHttp http = new RawHttp(server.port())) {
                    RawHttp.Response response = http.request(preflight("/other", A, null));

                    assertThat(response.status()).isEqualTo(404);
                    assertThat(response.headers()).doesNotContainKey("access-control-allow-origin");
                }
            }
        }
    }

    @Test
    void shouldValidateOptionsAtConstruction() {
        assertThatThrownBy(() -> CorsOptions.origins("https://a.example/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without path");
        assertThatThrownBy(() -> CorsOptions.origins("*", A))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stand alone");
        assertThatThrownBy(() -> CorsOptions.origins())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origin must not be empty");
        assertThatThrownBy(() -> CorsOptions.allowAll().withMaxAge(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> CorsOptions.allowAll().withMethods("GET POST"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP tokens");
        assertThat(CorsOptions.origins(A, "null").allowsOrigin("null")).isTrue();
        assertThat(CorsOptions.origins(A).allowsOrigin("HTTP://A.EXAMPLE")).isFalse();
    }
}

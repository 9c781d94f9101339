package io.roomcast.socketio;

import io.roomcast.engine.CorsOptions;
import io.roomcast.engine.EngineOptions;
import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.adapter.AdapterFactory;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one server object: Node's option names and defaults, start and close in the right order. */
class RoomcastServerTests {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldDefaultToNodesServerOptions() {
        ServerOptions options = RoomcastServer.builder().options();

        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isEqualTo(3000);
        assertThat(options.engine().path()).isEqualTo("/socket.io/");
        assertThat(options.engine().pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(options.engine().pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.engine().upgradeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.engine().maxPayload()).isEqualTo(1_000_000);
        assertThat(options.engine().httpRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.engine().transports()).containsExactlyInAnyOrder("polling", "websocket");
        assertThat(options.socketIo().connectTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(options.socketIo().cleanupEmptyChildNamespaces()).isFalse();
        assertThat(options.socketIo().adapter()).isSameAs(AdapterFactory.IN_MEMORY);
        assertThat(options.tls()).isEmpty();
    }

    @Test
    void shouldServeOnItsPathWithTheOptionsItWasBuiltWith() throws Exception {
        try (RoomcastServer io = RoomcastServer.builder().host("127.0.0.1").port(0).path("/live")
                .pingInterval(Duration.ofMillis(1500)).pingTimeout(Duration.ofMillis(700))
                .maxHttpBufferSize(4096).transports("polling").build().start()) {

            HttpResponse<String> open = get(io.port(), "/live/?EIO=4&transport=polling");

            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).startsWith("0{\"sid\":\"").contains("\"upgrades\":[]",
                    "\"pingInterval\":1500", "\"pingTimeout\":700", "\"maxPayload\":4096");
            assertThat(get(io.port(), "/socket.io/?EIO=4&transport=polling").statusCode()).isEqualTo(404);
            assertThat(io.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswer408ToARequestNotInWithinItsHttpRequestTimeout() throws Exception {
        try (RoomcastServer io = RoomcastServer.builder().host("127.0.0.1").port(0)
                .httpRequestTimeout(Duration.ofMillis(300)).build().start();
             Socket slow = new Socket("127.0.0.1", io.port())) {
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127"
                    .getBytes(StandardCharsets.US_ASCII));

            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close");
            assertThat(io.sessionCount()).isZero();
        }
    }

    @Test
    void shouldAnswerPreflightsAndRefuseForeignOriginsWithItsCorsOption() throws Exception {
        try (RoomcastServer io = RoomcastServer.builder().host("127.0.0.1").port(0)
                .cors(CorsOptions.origins("https://app.example").withCredentials(true)).build().start()) {
            URI endpoint = URI.create("http://127.0.0.1:" + io.port() + "/socket.io/?EIO=4&transport=polling");

            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(endpoint)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(endpoint)
                    .header("Origin", "https://evil.example").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
            assertThat(preflight.headers().firstValue("access-control-allow-credentials")).hasValue("true");
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(io.sessionCount()).isZero();
        }
    }

    @Test
    void shouldRefuseABadOptionAtOnce() {
        assertThatThrownBy(() -> RoomcastServer.builder().pingInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pingInterval must be > 0");
        assertThatThrownBy(() -> RoomcastServer.builder().transports("carrier-pigeon"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomcastServer.builder().port(70_000).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCloseSocketsThenAdaptersThenTheFactoryOnce() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        AdapterFactory factory = new AdapterFactory() {
            @Override
            public Adapter create(io.roomcast.socketio.adapter.AdapterContext context) {
                return new Adapter(context) {
                    @Override
                    public void close() {
                        closed.add("adapter " + namespace());
                    }
                };
            }

            @Override
            public void close() {
                closed.add("factory");
            }
        };
        RoomcastServer io = RoomcastServer.builder().host("127.0.0.1").port(0).adapter(factory).build();
        io.of("/chat");
        io.start();
        assertThatThrownBy(io::start).isInstanceOf(IllegalStateException.class).hasMessage("server already started");

        io.close();
        io.close();

        assertThat(closed).containsExactlyInAnyOrder("adapter /", "adapter /chat", "factory");
        assertThat(closed.get(closed.size() - 1)).isEqualTo("factory");
        assertThatThrownBy(io::start).isInstanceOf(IllegalStateException.class).hasMessage("server closed");
    }

    @Test
    void shouldAcceptWholeOptionRecordsToo() {
        ServerOptions options = RoomcastServer.builder()
                .engineOptions(EngineOptions.defaults().withMaxPayload(10))
                .socketIoOptions(SocketIoOptions.defaults().withConnectTimeout(Duration.ofSeconds(1)))
                .options();

        assertThat(options.engine().maxPayload()).isEqualTo(10);
        assertThat(options.socketIo().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    }
}

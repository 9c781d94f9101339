package io.roomcast.node.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class AdminServerTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer admin;

    @BeforeEach
    void start() {
        admin = new AdminServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void shouldAnswerLiveness() throws Exception {
        HttpResponse<String> response = get("/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void shouldBeReadyWithoutChecks() throws Exception {
        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{}}");
    }

    @Test
    void shouldTurnNotReadyWhenACheckGoesDown() throws Exception {
        AtomicBoolean draining = new AtomicBoolean();
        admin.addReadinessCheck(ReadinessCheck.of("draining", () -> !draining.get()))
                .addReadinessCheck(ReadinessCheck.of("redis", () -> true));

        HttpResponse<String> before = get("/health/ready");
        draining.set(true);
        HttpResponse<String> after = get("/health/ready");

        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"draining\":\"UP\",\"redis\":\"UP\"}}");
        assertThat(after.statusCode()).isEqualTo(503);
        assertThat(after.headers().firstValue("content-type")).contains("application/json");
        assertThat(after.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"draining\":\"DOWN\",\"redis\":\"UP\"}}");
    }

    /** READINESS_REQUIRES_REDIS=false: the redis check shows, the node stays ready. */
    @Test
    void shouldShowAnInformationalCheckWithoutTurningNotReady() throws Exception {
        admin.addReadinessCheck(ReadinessCheck.of("draining", () -> true))
                .addReadinessCheck(ReadinessCheck.informational("redis", () -> false));

        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"draining\":\"UP\",\"redis\":\"DOWN\"}}");
    }

    @Test
    void shouldCountAFailingCheckAsDown() throws Exception {
        admin.addReadinessCheck(ReadinessCheck.of("redis", () -> {
            throw new IllegalStateException("no connection");
        }));

        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"redis\":\"DOWN\"");
    }

    @Test
    void shouldAnswer404JsonForUnknownPaths() throws Exception {
        for (String path : new String[]{"/", "/metrics", "/health/live/extra", "/health"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("content-type")).contains("application/json");
            assertThat(response.body()).isEqualTo("{\"status\":404,\"error\":\"Not Found\"}");
        }
    }

    @Test
    void shouldRefuseOtherMethods() throws Exception {
        HttpResponse<String> response = http.send(request("/health/live")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).contains("GET, HEAD");
    }

    @Test
    void shouldServeRegisteredEndpoints() throws Exception {
        admin.register("/metrics", exchange -> AdminServer.sendJson(exchange, 200, Map.of("sessions", 3)));

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"sessions\":3}");
    }

    @Test
    void shouldAnswer500WhenAnEndpointFails() throws Exception {
        admin.register("/boom", exchange -> {
            throw new IllegalStateException("boom");
        });

        assertThat(get("/boom").statusCode()).isEqualTo(500);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path));
    }
}

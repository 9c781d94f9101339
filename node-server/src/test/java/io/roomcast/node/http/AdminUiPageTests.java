package io.roomcast.node.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The Admin UI page of the npm package, as the build put it in the jar, on the management port. */
class AdminUiPageTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer admin;

    @BeforeEach
    void start() {
        admin = new AdminServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        AdminUiPage.install(admin);
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeThePackagedUiAndItsAssets() throws Exception {
        assertThat(AdminUiPage.available()).as("ui/dist of @socket.io/admin-ui copied into admin-ui/").isTrue();
        HttpResponse<String> index = get("/admin/");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(index.body()).contains("<title>Socket.IO Admin UI</title>");
        String script = index.body().replaceAll("(?s).*<script src=\"(js/app\\.[0-9a-f]+\\.js)\".*", "$1");
        HttpResponse<String> app = get("/admin/" + script);
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/admin/favicon.png").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRedirectToTheSlashSoThatRelativeAssetsResolve() throws Exception {
        HttpResponse<String> response = get("/admin");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("location")).contains("/admin/");
    }

    @Test
    void shouldServeNothingOutsideTheUiFolder() throws Exception {
        assertThat(get("/admin/../logback.xml").statusCode()).isEqualTo(404);
        assertThat(get("/admin/%2e%2e/logback.xml").statusCode()).isEqualTo(404);
        assertThat(get("/admin/.hidden.js").statusCode()).isEqualTo(404);
        assertThat(get("/admin/js/missing.js").statusCode()).isEqualTo(404);
        assertThat(get("/admin/index.html.map").statusCode()).isEqualTo(404);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }
}

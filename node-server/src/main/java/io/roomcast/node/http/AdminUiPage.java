package io.roomcast.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Socket.IO Admin UI ({@code ui/dist} of the npm package {@code @socket.io/admin-ui}, copied by the build into
 * the class path folder {@code admin-ui/}) on the management port under {@link #PATH}: no internet needed (the
 * page's web fonts and icon font come from CDNs and are simply missing offline). {@code /admin} redirects to
 * {@code /admin/}, since the page loads its assets by relative paths. Only plain file names below the folder are
 * served.
 */
public final class AdminUiPage implements HttpHandler {

    /** Where the UI is served. */
    public static final String PATH = "/admin/";
    private static final String ROOT = "admin-ui/";
    private static final Pattern SAFE_PATH = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    /** Whether the build put the UI on the class path. */
    public static boolean available() {
        return AdminUiPage.class.getClassLoader().getResource(ROOT + "index.html") != null;
    }

    /** Registers the UI and the {@code /admin} redirect on {@code server}. */
    public static void install(AdminServer server) {
        AdminUiPage page = new AdminUiPage();
        server.registerPrefix(PATH, page);
        server.register(PATH.substring(0, PATH.length() - 1), exchange -> {
            exchange.getResponseHeaders().set("Location", PATH);
            exchange.sendResponseHeaders(301, -1);
        });
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String file = exchange.getRequestURI().getPath().substring(PATH.length());
        if (file.isEmpty()) {
            file = "index.html";
        }
        String extension = file.substring(file.lastIndexOf('.') + 1);
        String type = CONTENT_TYPES.get(extension);
        InputStream in = SAFE_PATH.matcher(file).matches() && type != null
                ? AdminUiPage.class.getClassLoader().getResourceAsStream(ROOT + file) : null;
        if (in == null) {
            AdminServer.sendJson(exchange, 404, Map.of("status", 404, "error", "Not Found"));
            return;
        }
        try (in) {
            byte[] body = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            // the asset names carry a content hash; index.html must be fresh after an upgrade
            exchange.getResponseHeaders().set("Cache-Control", file.equals("index.html") ? "no-cache"
                    : "public, max-age=86400");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (!head) {
                    out.write(body);
                }
            }
        }
    }
}

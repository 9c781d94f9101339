package io.roomcast.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The management HTTP server on {@code MANAGEMENT_PORT}, apart from the client port so that probes and scrapes
 * never compete with, or are exposed like, client traffic:
 * <ul>
 *   <li>{@code GET /health/live} → 200 {@code {"status":"UP"}} while the process serves HTTP at all;</li>
 *   <li>{@code GET /health/ready} → 200 {@code {"status":"UP","checks":{...}}} when every required
 *       {@link ReadinessCheck} is up, else 503 {@code {"status":"DOWN","checks":{"draining":"DOWN",...}}};
 *       informational checks show as {@code "DOWN"} without a 503;</li>
 *   <li>more endpoints through {@link #register} (e.g. {@code /metrics});</li>
 *   <li>anything else → 404 {@code {"status":404,"error":"Not Found"}}.</li>
 * </ul>
 * Paths match exactly. Runs on the JDK's HTTP server with two daemon threads.
 */
public final class AdminServer implements AutoCloseable {

    public static final String LIVE_PATH = "/health/live";
    public static final String READY_PATH = "/health/ready";

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    /** Handlers for every path under a prefix ending in {@code /}, e.g. the Admin UI's {@code /admin/}. */
    private final Map<String, HttpHandler> prefixRoutes = new ConcurrentHashMap<>();

    /**
     * Binds (port 0 picks a free port, see {@link #port()}) but does not serve until {@link #start()}.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public AdminServer(InetSocketAddress address) {
        try {
            this.server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind management server to " + address, e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "admin-http-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        register(LIVE_PATH, exchange -> sendJson(exchange, 200, Map.of("status", "UP")));
        register(READY_PATH, this::ready);
    }

    /** Adds a check to {@code /health/ready}; may be called before or after {@link #start()}. */
    public AdminServer addReadinessCheck(ReadinessCheck check) {
        checks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /**
     * Serves {@code path} (exact match, e.g. {@code /metrics}) with {@code handler}, replacing an earlier handler
     * for it. The handler must send a response and close the exchange; {@link #sendJson} helps.
     */
    public AdminServer register(String path, HttpHandler handler) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        routes.put(path, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Serves every path that starts with {@code prefix} (ending in {@code /}, e.g. {@code /admin/}) with
     * {@code handler}, when no exact path of {@link #register} matches.
     */
    public AdminServer registerPrefix(String prefix, HttpHandler handler) {
        if (prefix == null || !prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must start and end with '/': " + prefix);
        }
        prefixRoutes.put(prefix, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    private HttpHandler route(String path) {
        HttpHandler exact = routes.get(path);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, HttpHandler> prefix : prefixRoutes.entrySet()) {
            if (path.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return null;
    }

    public void start() {
        server.start();
        log.info("Management server listening on {}", server.getAddress());
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once (in-flight probes are cut short: during shutdown nobody needs them) and frees the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Writes {@code body} as JSON with {@code Content-Type: application/json} and closes the exchange. */
    public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not serialisable as JSON", e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        // -1 means "no body" to the JDK server; HEAD answers carry the headers only.
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try {
            HttpHandler handler = route(exchange.getRequestURI().getPath());
            if (handler == null) {
                sendJson(exchange, 404, error(404, "Not Found"));
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendJson(exchange, 405, error(405, "Method Not Allowed"));
                return;
            }
            handler.handle(exchange);
        } catch (RuntimeException e) {
            log.warn("Management request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                sendJson(exchange, 500, error(500, "Internal Server Error"));
            } catch (IOException headersAlreadySent) {
                // the handler got as far as answering; closing the exchange ends the response
            }
        } finally {
            exchange.close();
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        Map<String, String> results = new LinkedHashMap<>();
        boolean allUp = true;
        for (ReadinessCheck check : checks) {
            boolean up = isUp(check);
            allUp &= up || !check.required();
            results.put(check.name(), up ? "UP" : "DOWN");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "UP" : "DOWN");
        body.put("checks", results);
        sendJson(exchange, allUp ? 200 : 503, body);
    }

    private static boolean isUp(ReadinessCheck check) {
        try {
            return check.isUp();
        } catch (RuntimeException e) {
            // A check that cannot tell is a check that is not up.
            log.warn("Readiness check {} failed", check.name(), e);
            return false;
        }
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return body;
    }
}

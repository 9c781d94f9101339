package io.roomcast.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Engine.IO server options. Defaults mirror Node's engine.io 6 ({@code lib/server.ts}).
 *
 * @param path            request path of the Engine.IO endpoint, with leading and trailing slash
 * @param pingInterval    how often the server pings ({@code pingInterval}, 25 s)
 * @param pingTimeout     how long a pong may take ({@code pingTimeout}, 20 s)
 * @param upgradeTimeout  how long an upgrade probe may take ({@code upgradeTimeout}, 10 s)
 * @param maxPayload      largest accepted message or HTTP body in bytes ({@code maxHttpBufferSize}, 1e6),
 *                        advertised to clients in the open packet
 * @param transports      transports offered: {@code polling}, {@code websocket}
 * @param maxBufferedBytes how much may wait for one slow client (bytes queued for it and not yet taken by its
 *                        TCP connection) before the session is closed with reason {@code "write buffer full"}:
 *                        one client that stops reading must not grow the node's memory without bound (Node has no
 *                        such limit); 8 MiB by default
 * @param cors            CORS headers, preflight answers and the origin allow-list (Node's {@code cors} option);
 *                        empty by default, as in Node: no CORS headers, {@code OPTIONS} gets 400
 * @param httpRequestTimeout how long a client may take to send an HTTP request's headers and body, counted from
 *                        when the connection opened or its previous response was sent: a request not in by then
 *                        gets {@code 408 Request Timeout}, and a kept-alive connection that sent nothing is closed
 *                        (one bound for Node's {@code http.Server} {@code headersTimeout} / {@code requestTimeout},
 *                        so that slow senders cannot hold the node's connections); 10 s by default. A held long
 *                        poll has arrived and is not cut; WebSocket connections are not affected
 * @param maxConnectionsPerAddress how many open sessions one remote IP address may have; a handshake over it is
 *                        refused with 429 before a session exists (Node has no such limit). 0, the default, is no
 *                        limit. The address is the TCP peer's: behind a load balancer or proxy it is the proxy's,
 *                        so the limit then caps the proxy (X-Forwarded-For is not trusted)
 */
public record EngineOptions(String path, Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                            int maxPayload, Set<String> transports, long maxBufferedBytes,
                            Optional<CorsOptions> cors, Duration httpRequestTimeout,
                            int maxConnectionsPerAddress) {

    public static final String DEFAULT_PATH = "/socket.io/";
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMillis(25_000);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofMillis(20_000);
    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofMillis(10_000);
    public static final int DEFAULT_MAX_PAYLOAD = 1_000_000;
    public static final Set<String> DEFAULT_TRANSPORTS = Set.of("polling", "websocket");
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 8L * 1024 * 1024;
    public static final Duration DEFAULT_HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** {@link #maxConnectionsPerAddress} of {@link #defaults()}: no limit. */
    public static final int UNLIMITED_CONNECTIONS_PER_ADDRESS = 0;

    public EngineOptions {
        Objects.requireNonNull(path, "path must not be null");
        if (!path.startsWith("/") || !path.endsWith("/")) {
            throw new IllegalArgumentException("path must start and end with '/': " + path);
        }
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pingTimeout, "pingTimeout");
        requirePositive(upgradeTimeout, "upgradeTimeout");
        if (maxPayload <= 0) {
            throw new IllegalArgumentException("maxPayload must be > 0");
        }
        transports = Set.copyOf(transports);
        if (transports.isEmpty() || !DEFAULT_TRANSPORTS.containsAll(transports)) {
            throw new IllegalArgumentException("transports must be a non-empty subset of " + DEFAULT_TRANSPORTS);
        }
        if (maxBufferedBytes < maxPayload) {
            throw new IllegalArgumentException("maxBufferedBytes must be >= maxPayload (" + maxPayload + ")");
        }
        Objects.requireNonNull(cors, "cors must not be null (Optional.empty() for none)");
        requirePositive(httpRequestTimeout, "httpRequestTimeout");
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be >= 0 (0: no limit)");
        }
    }

    /** Options with the default {@link #httpRequestTimeout} and no per-address connection limit. */
    public EngineOptions(String path, Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                         int maxPayload, Set<String> transports, long maxBufferedBytes,
                         Optional<CorsOptions> cors) {
        this(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports, maxBufferedBytes, cors,
                DEFAULT_HTTP_REQUEST_TIMEOUT, UNLIMITED_CONNECTIONS_PER_ADDRESS);
    }

    /** Options without CORS handling. */
    public EngineOptions(String path, Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                         int maxPayload, Set<String> transports, long maxBufferedBytes) {
        this(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports, maxBufferedBytes,
                Optional.empty());
    }

    /** Options with the default {@link #maxBufferedBytes}. */
    public EngineOptions(String path, Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
                         int maxPayload, Set<String> transports) {
        this(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                Math.max(DEFAULT_MAX_BUFFERED_BYTES, maxPayload));
    }

    public static EngineOptions defaults() {
        return new EngineOptions(DEFAULT_PATH, DEFAULT_PING_INTERVAL, DEFAULT_PING_TIMEOUT, DEFAULT_UPGRADE_TIMEOUT,
                DEFAULT_MAX_PAYLOAD, DEFAULT_TRANSPORTS);
    }

    public EngineOptions withPath(String path) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, cors, httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    public EngineOptions withTransports(Set<String> transports) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, cors, httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    public EngineOptions withUpgradeTimeout(Duration upgradeTimeout) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, cors, httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    public EngineOptions withMaxPayload(int maxPayload) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                Math.max(maxBufferedBytes, maxPayload), cors, httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    public EngineOptions withPing(Duration pingInterval, Duration pingTimeout) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, cors, httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    public EngineOptions withMaxBufferedBytes(long maxBufferedBytes) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, cors, httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    /** Turns on CORS handling for the Engine.IO path, as Node's {@code new Server({cors: ...})}. */
    public EngineOptions withCors(CorsOptions cors) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, Optional.of(Objects.requireNonNull(cors, "cors must not be null")),
                httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    /** No CORS handling (the default). */
    public EngineOptions withoutCors() {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, Optional.empty(), httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    /** Node's {@code http.Server} {@code requestTimeout} idea, one bound for headers and body (10 s). */
    public EngineOptions withHttpRequestTimeout(Duration httpRequestTimeout) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, cors, httpRequestTimeout,
                maxConnectionsPerAddress);
    }

    /** Limits the open sessions of one remote address (0: no limit); see {@link #maxConnectionsPerAddress}. */
    public EngineOptions withMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxPayload, transports,
                maxBufferedBytes, cors, httpRequestTimeout, maxConnectionsPerAddress);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
    }
}

package io.roomcast.engine;

/**
 * Told about what happens on an {@link EngineServer}, for metrics; set with {@link EngineServer#observe}. Every
 * method has a no-op default, so an observer implements only what it needs. Calls come from the event loops, often
 * on hot paths: implementations must be cheap, thread-safe and must not throw (exceptions are not caught).
 *
 * <p>Transport names are {@code polling} and {@code websocket}.
 */
public interface EngineObserver {

    /** Observes nothing; the default of every server. */
    EngineObserver NONE = new EngineObserver() { };

    /** Tells every one of {@code observers}, in order (e.g. metrics and the Admin UI's statistics). */
    static EngineObserver all(EngineObserver... observers) {
        return new CompositeEngineObserver(java.util.List.of(observers));
    }

    /**
     * A handshake (a request without {@code sid}) was refused: unknown transport, bad method, bad request, an
     * unsupported protocol version, or {@code allowRequest} said no.
     *
     * @param code    the Engine.IO error code (server.ts {@code Server.errors}: 0 transport unknown, 2 bad handshake
     *                method, 3 bad request, 4 forbidden, 5 unsupported protocol version)
     * @param message the matching message, e.g. {@code "Bad request"}
     */
    default void handshakeRejected(int code, String message) {
    }

    /**
     * A handshake was refused with 429 because its remote address already had {@code maxConnectionsPerAddress}
     * open sessions ({@link EngineOptions#maxConnectionsPerAddress}); not also reported as {@link #handshakeRejected}.
     */
    default void tooManyConnections() {
    }

    /** A session opened on this transport (the open packet is on its way). */
    default void sessionOpened(String transport) {
    }

    /** A session switched transports (polling to websocket). */
    default void sessionUpgraded(String from, String to) {
    }

    /**
     * A session closed.
     *
     * @param transport the transport it had when it closed
     * @param reason    engine.io's reason: {@code transport close}, {@code transport error}, {@code ping timeout},
     *                  {@code parse error}, {@code forced close}, {@code server shutting down}
     */
    default void sessionClosed(String transport, DisconnectReason reason) {
    }

    /** Engine.IO payload bytes read from a client: a WebSocket frame's payload or a polling POST body. */
    default void bytesReceived(String transport, int bytes) {
    }

    /** Engine.IO payload bytes written to a client: a WebSocket frame's payload or a polling response body. */
    default void bytesSent(String transport, int bytes) {
    }

    /**
     * An HTTP request on the client port was not fully sent within {@link EngineOptions#httpRequestTimeout()}; it
     * got {@code 408 Request Timeout} and its connection was closed (a slow or stalled sender). Kept-alive
     * connections closed without a request under way are not counted.
     */
    default void httpRequestTimedOut() {
    }

    /** Time from the server's ping to the client's pong. */
    default void pingRoundTrip(long nanos) {
    }
}

package io.roomcast.engine;

/**
 * Why a session or a namespace socket ended, with Node's reason text ({@link #text()}: what Node's engine.io and
 * socket.io pass to their {@code close} and {@code disconnect} listeners) and a metric tag ({@link #tag()}).
 *
 * <p>The Engine.IO server reports the engine reasons ({@link #isEngineReason()}); the Socket.IO layer adds the
 * namespace reasons ({@link #CLIENT_NAMESPACE_DISCONNECT}, {@link #SERVER_NAMESPACE_DISCONNECT},
 * {@link #FORCED_SERVER_CLOSE}, {@link #RATE_LIMITED}).
 */
public enum DisconnectReason {

    /** The client closed the connection, or it was lost (engine.io {@code "transport close"}). */
    TRANSPORT_CLOSE("transport close", "transport_close", true),
    /** The connection failed, e.g. a WebSocket error (engine.io {@code "transport error"}). */
    TRANSPORT_ERROR("transport error", "transport_error", true),
    /** No pong arrived within pingInterval + pingTimeout (engine.io {@code "ping timeout"}). */
    PING_TIMEOUT("ping timeout", "ping_timeout", true),
    /** The client sent a packet that cannot be decoded (engine.io {@code "parse error"}). */
    PARSE_ERROR("parse error", "parse_error", true),
    /** The server closed the session, e.g. an invalid Socket.IO packet (engine.io {@code "forced close"}). */
    FORCED_CLOSE("forced close", "forced_close", true),
    /** The server is stopping (socket.io {@code "server shutting down"}). */
    SERVER_SHUTTING_DOWN("server shutting down", "server_shutting_down", true),
    /**
     * The client stopped reading while more than {@code maxBufferedBytes} waited for it (Roomcast only: Node has no
     * such limit).
     */
    WRITE_BUFFER_FULL("write buffer full", "write_buffer_full", true),
    /** The server closed the whole connection, e.g. the client joined no namespace in time (socket.io's {@code client.close()}). */
    FORCED_SERVER_CLOSE("forced server close", "forced_close", false),
    /** The client left the namespace with {@code socket.disconnect()}. */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect", "client_namespace_disconnect", false),
    /** The server called {@code socket.disconnect()}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect", "server_namespace_disconnect", false),
    /**
     * The client kept sending events over its rate limit and the server closed the whole connection (Roomcast only:
     * Node has no event rate limit); the client sees {@code "io server disconnect"}, so it does not reconnect by
     * itself.
     */
    RATE_LIMITED("rate limited", "rate_limited", false);

    private final String text;
    private final String tag;
    private final boolean engineReason;

    DisconnectReason(String text, String tag, boolean engineReason) {
        this.text = text;
        this.tag = tag;
        this.engineReason = engineReason;
    }

    /** Node's reason string, e.g. {@code "transport close"}. */
    public String text() {
        return text;
    }

    /**
     * The metric tag value: lower case with underscores, e.g. {@code transport_close}; the server's own close of a
     * whole connection ({@link #FORCED_SERVER_CLOSE}) shares {@code forced_close} with the engine's.
     */
    public String tag() {
        return tag;
    }

    /** Whether the Engine.IO layer reports it (the others come from the Socket.IO layer). */
    public boolean isEngineReason() {
        return engineReason;
    }

    @Override
    public String toString() {
        return text;
    }
}

package io.roomcast.engine;

/**
 * Receives the life of Engine.IO sessions; the Socket.IO layer implements it. Every callback for one session runs
 * on that session's {@link EngineSession#executor()}, in order. Implementations must not block.
 */
public interface EngineHandler {

    /** A handshake succeeded; the open packet is already queued. */
    void onOpen(EngineSession session);

    /** A text message packet arrived (the Engine.IO {@code 4} prefix removed). */
    void onMessage(EngineSession session, String text);

    /** A binary message packet arrived. */
    void onMessage(EngineSession session, byte[] data);

    /**
     * The session ended. Reasons as in Node's engine.io: {@code "transport close"}, {@code "transport error"},
     * {@code "ping timeout"}, {@code "parse error"}, {@code "forced close"}, {@code "server shutting down"}.
     * No callback follows for this session.
     */
    void onClose(EngineSession session, String reason);
}

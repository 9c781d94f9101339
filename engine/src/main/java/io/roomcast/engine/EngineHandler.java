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
     * The session ended, for one of the engine reasons of {@link DisconnectReason} ({@code "transport close"},
     * {@code "ping timeout"}, ...). No callback follows for this session.
     */
    void onClose(EngineSession session, DisconnectReason reason);

    /**
     * The session switched to {@code session.transport()} (polling to websocket; Node's {@code "upgrade"} event of
     * an engine.io socket), on the session's event loop. A no-op by default.
     */
    default void onUpgrade(EngineSession session) {
    }
}

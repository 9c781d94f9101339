package io.roomcast.engine;

import io.netty.util.concurrent.EventExecutor;

/**
 * One Engine.IO connection, whatever its transport. Implementations are thread-safe: sends from any thread are
 * queued and written on {@link #executor()}, which is also the thread every {@link EngineHandler} callback for this
 * session runs on (so per-session state needs no locks).
 */
public interface EngineSession {

    /** The Engine.IO session id ({@code sid}): 20 random URL-safe characters, unguessable. */
    String id();

    /** Current transport name: {@code polling} or {@code websocket}. */
    String transport();

    HandshakeRequest request();

    /** The event loop this session is bound to. */
    EventExecutor executor();

    /** Queues a text message packet (Engine.IO type {@code 4}). */
    void send(String text);

    /**
     * Queues a text message prepared for many sessions: on a websocket its frame is encoded once for all of them.
     * The default sends {@link PreparedMessage#text()}.
     */
    default void send(PreparedMessage message) {
        send(message.text());
    }

    /** Queues a binary message packet. */
    void send(byte[] data);

    /**
     * Whether the session can take more data without growing its queue beyond the transport's high-water mark.
     * The back-pressure signal for broadcasts.
     */
    boolean isWritable();

    boolean isOpen();

    /**
     * Closes the session from the server side, flushing queued packets first. The client sees a transport close
     * and, for {@code socket.io-client}, reconnects by itself. {@link EngineHandler#onClose} follows with
     * reason {@code "forced close"}.
     */
    void close();
}

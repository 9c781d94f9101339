package io.roomcast.socketio;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An emit to one socket with flags set (Node's {@code socket.volatile.emit}, {@code socket.timeout(ms).emitWithAck});
 * obtained from {@link Socket#volatile_()}, {@link Socket#timeout(Duration)} or {@link Socket#compress(boolean)}.
 * Immutable: every modifier returns a new emitter. Thread-safe.
 */
public interface SocketEmitter {

    /** Drops the event if the client's transport cannot take more data right now (e.g. cursor moves). */
    SocketEmitter volatile_();

    /** How long {@link #emitWithAck} waits for the client. */
    SocketEmitter timeout(Duration timeout);

    /** Compression hint for the transport (Node's default: true). */
    SocketEmitter compress(boolean compress);

    void emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement: completes with the ack's arguments, or fails with
     * {@link AckTimeoutException} after the {@link #timeout} (which must be set), or with a {@link SocketIoException}
     * when the socket disconnects first.
     */
    CompletableFuture<List<Object>> emitWithAck(String event, Object... args);

    /** As {@link #emitWithAck(String, Object...)}, with the ack's first argument mapped to {@code type}. */
    <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args);
}

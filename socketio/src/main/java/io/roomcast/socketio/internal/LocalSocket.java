package io.roomcast.socketio.internal;

import io.netty.util.concurrent.EventExecutor;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.protocol.EncodedPacket;

import java.util.List;
import java.util.function.Consumer;

/** What an {@link io.roomcast.socketio.Adapter} needs of a socket of this node beyond the public API. */
public interface LocalSocket extends Socket {

    /**
     * Writes pre-encoded frames, contiguously, unless the connection is closed or ({@code volatile_}) not writable.
     */
    void write(EncodedPacket frames, boolean volatile_);

    /** The event loop this socket's connection writes on. */
    EventExecutor executor();

    /** {@link #write} for a caller already on {@link #executor()}: no task hand-off. */
    void writeOnLoop(EncodedPacket frames, boolean volatile_);

    /**
     * Registers a callback for the client's ACK packet with this id; dropped when the socket disconnects, or after
     * {@code timeoutMillis} (null: kept until the ack or the disconnect, as Node).
     */
    void expectAck(long id, Consumer<List<Object>> callback, Long timeoutMillis);
}

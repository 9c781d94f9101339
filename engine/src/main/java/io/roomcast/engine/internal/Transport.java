package io.roomcast.engine.internal;

import io.netty.util.concurrent.EventExecutor;
import io.roomcast.engine.EngineObserver;
import java.util.List;

/**
 * A transport of one session (Node's {@code lib/transport.ts}). All methods run on the session's executor.
 */
abstract class Transport {

    enum ReadyState { OPEN, CLOSING, CLOSED }

    protected final EventExecutor executor;
    protected final EngineObserver observer;
    protected TransportListener listener;
    protected boolean writable;
    protected boolean discarded;
    private ReadyState readyState = ReadyState.OPEN;

    Transport(EventExecutor executor, EngineObserver observer) {
        this.executor = executor;
        this.observer = observer;
    }

    abstract String name();

    /** Sends packets now; only called while {@link #writable()}. */
    abstract void send(List<Packet> packets);

    /** Transport-specific orderly close; must call {@code done} once closed (Node's {@code doClose(fn)}). */
    protected abstract void doClose(Runnable done);

    /** Whether the connection below can take more bytes (the channel's high-water mark). */
    abstract boolean channelWritable();

    /** Bytes handed to the connection below and not yet taken by the client's TCP connection. */
    long bufferedBytes() {
        return 0;
    }

    /** Drops the connection below at once, without a goodbye the client would never read. */
    void abort() {
    }

    final boolean writable() {
        return writable;
    }

    final ReadyState readyState() {
        return readyState;
    }

    final void listener(TransportListener listener) {
        this.listener = listener;
    }

    final TransportListener listener() {
        return listener;
    }

    final void discard() {
        discarded = true;
    }

    final void close(Runnable done) {
        if (readyState != ReadyState.OPEN) {
            return;
        }
        readyState = ReadyState.CLOSING;
        doClose(done);
    }

    protected void onClose() {
        readyState = ReadyState.CLOSED;
        if (listener != null) {
            listener.onClose(this);
        }
    }

    protected final void onError(String message) {
        if (listener != null) {
            listener.onError(this, message);
        }
    }

    protected final void onPacket(Packet packet) {
        if (listener != null) {
            listener.onPacket(this, packet);
        }
    }

    protected final void onInvalidPacket() {
        if (listener != null) {
            listener.onInvalidPacket(this);
        }
    }
}

package io.roomcast.socketio.internal;

import io.netty.util.concurrent.EventExecutor;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.adapter.AdapterContext;
import io.roomcast.socketio.protocol.EncodedPacket;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes one broadcast's frames to its local sockets with one task per event loop rather than one per socket: a
 * broadcast from another thread (the Redis subscriber, another loop) to N sockets costs as many hand-offs and
 * wake-ups as there are loops.
 */
final class LoopBatches implements AdapterContext.Delivery {

    private final EncodedPacket frames;
    private final boolean volatile_;
    private final List<Batch> batches = new ArrayList<>(4);
    private int count;

    LoopBatches(EncodedPacket frames, boolean volatile_) {
        this.frames = frames;
        this.volatile_ = volatile_;
    }

    @Override
    public void add(Socket target) {
        NamespaceSocket socket = (NamespaceSocket) target;
        batchOf(socket.executor()).sockets.add(socket);
        count++;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public void send() {
        for (Batch batch : batches) {
            if (batch.loop.inEventLoop()) {
                batch.write(frames, volatile_);
            } else {
                batch.loop.execute(() -> batch.write(frames, volatile_));
            }
        }
    }

    /** The batch of {@code loop}; a linear search, as there are only as many loops as cores. */
    private Batch batchOf(EventExecutor loop) {
        for (Batch batch : batches) {
            if (batch.loop == loop) {
                return batch;
            }
        }
        Batch created = new Batch(loop);
        batches.add(created);
        return created;
    }

    /** The sockets of one event loop. */
    private static final class Batch {
        final EventExecutor loop;
        final List<NamespaceSocket> sockets = new ArrayList<>();

        Batch(EventExecutor loop) {
            this.loop = loop;
        }

        void write(EncodedPacket frames, boolean volatile_) {
            for (NamespaceSocket socket : sockets) {
                socket.writeOnLoop(frames, volatile_);
            }
        }
    }
}

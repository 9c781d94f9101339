package io.roomcast.socketio.internal;

import io.netty.util.concurrent.EventExecutor;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.protocol.EncodedPacket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Writes one broadcast's frames to its local sockets with one task per event loop rather than one per socket: a
 * broadcast from another thread (the Redis subscriber, another loop) to N sockets costs as many hand-offs and
 * wake-ups as there are loops.
 */
final class LoopBatches {

    private final EventExecutor loop;
    private final List<NamespaceSocket> sockets = new ArrayList<>();

    private LoopBatches(EventExecutor loop) {
        this.loop = loop;
    }

    static void deliver(Collection<Socket> targets, EncodedPacket frames, boolean volatile_) {
        List<LoopBatches> batches = new ArrayList<>(4);
        for (Socket target : targets) {
            NamespaceSocket socket = (NamespaceSocket) target;
            of(batches, socket.executor()).sockets.add(socket);
        }
        for (LoopBatches batch : batches) {
            if (batch.loop.inEventLoop()) {
                batch.write(frames, volatile_);
            } else {
                batch.loop.execute(() -> batch.write(frames, volatile_));
            }
        }
    }

    /** The batch of {@code loop}; a linear search, as there are only as many loops as cores. */
    private static LoopBatches of(List<LoopBatches> batches, EventExecutor loop) {
        for (LoopBatches batch : batches) {
            if (batch.loop == loop) {
                return batch;
            }
        }
        LoopBatches created = new LoopBatches(loop);
        batches.add(created);
        return created;
    }

    private void write(EncodedPacket frames, boolean volatile_) {
        for (NamespaceSocket socket : sockets) {
            socket.writeOnLoop(frames, volatile_);
        }
    }
}

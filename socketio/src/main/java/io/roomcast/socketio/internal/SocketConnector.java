package io.roomcast.socketio.internal;

import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.Next;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a namespace's middlewares for one connecting socket, in order, each step on the session's event loop;
 * ends with {@link Outcome#connected()} or {@link Outcome#rejected} (Node's {@code namespace.run}).
 */
final class SocketConnector {

    private static final Logger log = LoggerFactory.getLogger(SocketConnector.class);

    interface Outcome {
        void connected();

        void rejected(String message, Object data);
    }

    private final NamespaceSocket socket;
    private final List<Middleware> middlewares;
    private final Outcome outcome;

    SocketConnector(NamespaceSocket socket, List<Middleware> middlewares, Outcome outcome) {
        this.socket = socket;
        this.middlewares = List.copyOf(middlewares);
        this.outcome = outcome;
    }

    void start() {
        step(0);
    }

    private void step(int index) {
        if (index == middlewares.size()) {
            outcome.connected();
            return;
        }
        StepNext next = new StepNext(index);
        try {
            middlewares.get(index).handle(socket, next);
        } catch (RuntimeException e) {
            log.warn("middleware of namespace {} failed; rejecting the connection", socket.namespace().name(), e);
            next.reject(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null);
        }
    }

    /** The continuation of one middleware: the first call wins, later ones are ignored. */
    private final class StepNext implements Next {
        private final int index;
        private final AtomicBoolean called = new AtomicBoolean();

        StepNext(int index) {
            this.index = index;
        }

        @Override
        public void proceed() {
            if (called.compareAndSet(false, true)) {
                socket.client().runOnLoop(() -> step(index + 1));
            }
        }

        @Override
        public void reject(String message, Object data) {
            if (called.compareAndSet(false, true)) {
                socket.client().runOnLoop(() -> outcome.rejected(message, data));
            }
        }
    }
}

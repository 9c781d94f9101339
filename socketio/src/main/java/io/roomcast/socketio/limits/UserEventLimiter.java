package io.roomcast.socketio.limits;

import io.roomcast.socketio.Socket;

/**
 * A budget of client events that the sockets of one user share, whichever connection (and, with a cluster-wide
 * implementation, whichever node) they come from; the application decides who the user is (e.g. the JWT subject it
 * put in {@link Socket#data()}). Asked for each client event after the connection's own bucket let it through.
 */
@FunctionalInterface
public interface UserEventLimiter {

    /**
     * Whether {@code socket}'s user may send one more event now; true lets it through (also for a socket with no
     * user). Called on the socket's event loop for every client event: must be cheap and must not block (no network
     * round trip per event) nor throw.
     */
    boolean tryAcquire(Socket socket);
}

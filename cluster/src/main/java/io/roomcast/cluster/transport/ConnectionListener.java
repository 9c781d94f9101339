package io.roomcast.cluster.transport;

/** Told when one of a transport's connections goes down or comes back; called on a transport thread. */
@FunctionalInterface
public interface ConnectionListener {

    void onConnectionEvent(ConnectionEvent event);
}

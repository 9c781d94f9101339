package io.roomcast.engine.internal;

/**
 * Receives a transport's events, like the listeners Node's {@code Socket.setTransport} / {@code _maybeUpgrade}
 * attach. Runs on the session's executor. A transport with no listener drops its events, as a Node transport whose
 * listeners were removed.
 */
interface TransportListener {

    /** A polling GET arrived: queued packets can go out. */
    void onReady(Transport transport);

    void onPacket(Transport transport, Packet packet);

    /** A packet failed to decode (Node's {@code ERROR_PACKET}). */
    void onInvalidPacket(Transport transport);

    void onError(Transport transport, String message);

    void onClose(Transport transport);
}

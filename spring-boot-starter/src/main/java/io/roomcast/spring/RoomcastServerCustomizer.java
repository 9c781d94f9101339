package io.roomcast.spring;

import io.roomcast.socketio.RoomcastServer;

/**
 * Changes the server's builder after the {@code roomcast.*} properties are applied, for what has no property: TLS,
 * an {@code allowRequest} check, an HTTP fallback, your own observer. Every bean of this type runs, in order.
 */
@FunctionalInterface
public interface RoomcastServerCustomizer {

    void customize(RoomcastServer.Builder builder);
}

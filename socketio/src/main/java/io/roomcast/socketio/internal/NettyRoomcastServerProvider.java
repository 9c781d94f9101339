package io.roomcast.socketio.internal;

import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.ServerOptions;
import io.roomcast.socketio.spi.RoomcastServerProvider;

/** Registered in {@code META-INF/services}: builds {@link NettyRoomcastServer}s. */
public final class NettyRoomcastServerProvider implements RoomcastServerProvider {

    @Override
    public RoomcastServer create(ServerOptions options) {
        return new NettyRoomcastServer(options);
    }
}

package io.roomcast.socketio.spi;

import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.ServerOptions;

import java.util.ServiceLoader;

/**
 * Creates the implementation behind {@link RoomcastServer.Builder#build()}, found with {@link ServiceLoader} (as
 * {@code java.net.http.HttpClient} finds its own): the API never names its implementation, which lives in an
 * internal package. Roomcast registers one in {@code META-INF/services}; applications do not implement it.
 */
public interface RoomcastServerProvider {

    RoomcastServer create(ServerOptions options);

    /** The registered provider. */
    static RoomcastServerProvider load() {
        return ServiceLoader.load(RoomcastServerProvider.class, RoomcastServerProvider.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + RoomcastServerProvider.class.getName()
                        + " registered: is roomcast-socketio's jar (with its META-INF/services) on the class path?"));
    }
}

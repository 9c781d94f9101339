package io.roomcast.socketio;

import io.roomcast.engine.EngineObserver;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.HandshakeRequest;
import io.roomcast.engine.HttpFallback;
import io.roomcast.engine.NettyTuning;
import io.roomcast.engine.TlsOptions;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything a {@link RoomcastServer} is built from; immutable. Build it with {@link RoomcastServer#builder()},
 * whose setters carry the names and defaults of Node's {@code ServerOptions}.
 *
 * @param host     the address to bind, {@code 0.0.0.0} by default
 * @param port     the port to bind, {@code 3000} by default; 0 picks a free one ({@link RoomcastServer#port()})
 * @param engine   the Engine.IO options: path, transports, ping, payload sizes, CORS
 * @param socketIo the Socket.IO options: connect timeout, adapter, child namespaces, Jackson mapper, observer
 * @param tuning   event-loop threads and native transport
 * @param tls      TLS for the client port, empty for plain HTTP
 * @param allowRequest   Node's {@code allowRequest}: refuses a handshake with 403 before a session exists
 * @param engineObserver told about Engine.IO handshakes, sessions, bytes and pings (metrics)
 * @param httpFallback   serves HTTP requests outside the Engine.IO path; empty answers 404 as Node does
 */
public record ServerOptions(String host, int port, EngineOptions engine, SocketIoOptions socketIo,
                            NettyTuning tuning, Optional<TlsOptions> tls, Predicate<HandshakeRequest> allowRequest,
                            EngineObserver engineObserver, Optional<HttpFallback> httpFallback) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 3000;

    public ServerOptions {
        Objects.requireNonNull(host, "host must not be null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        Objects.requireNonNull(engine, "engine must not be null");
        Objects.requireNonNull(socketIo, "socketIo must not be null");
        Objects.requireNonNull(tuning, "tuning must not be null");
        Objects.requireNonNull(tls, "tls must not be null");
        Objects.requireNonNull(allowRequest, "allowRequest must not be null");
        Objects.requireNonNull(engineObserver, "engineObserver must not be null");
        Objects.requireNonNull(httpFallback, "httpFallback must not be null");
    }

    /** Every default: {@code 0.0.0.0:3000}, Node's protocol defaults, the in-memory adapter, no TLS. */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, EngineOptions.defaults(), SocketIoOptions.defaults(),
                NettyTuning.defaults(), Optional.empty(), request -> true, EngineObserver.NONE, Optional.empty());
    }
}

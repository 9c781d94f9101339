package io.roomcast.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.roomcast.engine.CorsOptions;
import io.roomcast.engine.EngineObserver;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.HandshakeRequest;
import io.roomcast.engine.HttpFallback;
import io.roomcast.engine.NettyTuning;
import io.roomcast.engine.TlsOptions;
import io.roomcast.socketio.adapter.AdapterFactory;
import io.roomcast.socketio.spi.RoomcastServerProvider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A Socket.IO server (Node's {@code new Server(options)}): the Engine.IO endpoint, the namespaces and the adapter
 * in one object, started and closed in the right order. Thread-safe.
 *
 * <pre>{@code
 * try (RoomcastServer io = RoomcastServer.builder().port(3000).build()) {
 *     io.onConnection(socket -> socket.on("chat", String.class, (s, text, ack) -> io.emit("chat", text)));
 *     io.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Methods without a namespace act on the main namespace {@code /}, as {@code io.emit} and {@code io.to} do in
 * Node. Threading: every listener (middleware, connection, event, ack, disconnect) runs on the event loop of the
 * client's session; never block there (hand blocking work to another executor and answer later: acks, {@link Next}
 * and emits may be called from any thread).
 */
public interface RoomcastServer extends AutoCloseable {

    /** A builder with every default (Node's, and {@code 0.0.0.0:3000}). */
    static Builder builder() {
        return new Builder();
    }

    ServerOptions options();

    /**
     * Binds the port and starts serving; returns once bound.
     *
     * @throws io.roomcast.engine.EngineStartException when the address cannot be bound, e.g. the port is taken
     */
    RoomcastServer start();

    /** The bound port (useful with port 0); the server must have started. */
    int port();

    /** The namespace with this name, created on first use (Node's {@code io.of(name)}); a missing slash is added. */
    Namespace of(String name);

    /** An existing namespace only (none is created). */
    Optional<Namespace> namespace(String name);

    /** Namespaces created when a client asks for a name that matches (Node's {@code io.of(/^\/game-\d+$/)}). */
    default ParentNamespace of(Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern must not be null");
        return of(name -> pattern.matcher(name).matches());
    }

    /** Namespaces created when a client asks for a name the predicate accepts (Node's {@code io.of(fn)}). */
    ParentNamespace of(Predicate<String> accepts);

    /** The namespaces that exist now, children of a {@link ParentNamespace} included (Node's {@code io._nsps}). */
    java.util.Collection<Namespace> namespaces();

    /**
     * Told about each namespace created from now on, with {@link #of(String)} or as a child of a
     * {@link ParentNamespace} (Node's {@code io.on("new_namespace")}), before its first socket connects.
     */
    void onNewNamespace(java.util.function.Consumer<Namespace> listener);

    /** The main namespace {@code /} (Node's {@code io.sockets}). */
    Namespace sockets();

    /** Adds a connect middleware to {@code /}. */
    default void use(Middleware middleware) {
        sockets().use(middleware);
    }

    /** Told about each socket that connects to {@code /} (Node's {@code io.on("connection")}). */
    default void onConnection(ConnectionListener listener) {
        sockets().onConnection(listener);
    }

    /** Sends an event to every socket of {@code /}, on every node. */
    default void emit(String event, Object... args) {
        sockets().emit(event, args);
    }

    default BroadcastOperator to(String... rooms) {
        return sockets().to(rooms);
    }

    default BroadcastOperator in(String... rooms) {
        return sockets().in(rooms);
    }

    default BroadcastOperator except(String... rooms) {
        return sockets().except(rooms);
    }

    default BroadcastOperator local() {
        return sockets().local();
    }

    default BroadcastOperator volatile_() {
        return sockets().volatile_();
    }

    default BroadcastOperator compress(boolean compress) {
        return sockets().compress(compress);
    }

    default BroadcastOperator timeout(Duration timeout) {
        return sockets().timeout(timeout);
    }

    default CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return sockets().fetchSockets();
    }

    default void socketsJoin(String... rooms) {
        sockets().socketsJoin(rooms);
    }

    default void socketsLeave(String... rooms) {
        sockets().socketsLeave(rooms);
    }

    default void disconnectSockets(boolean close) {
        sockets().disconnectSockets(close);
    }

    default void serverSideEmit(String event, Object... args) {
        sockets().serverSideEmit(event, args);
    }

    default CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        return sockets().serverSideEmitWithAck(event, args);
    }

    default void onServerSideEmit(ServerSideEmitListener listener) {
        sockets().onServerSideEmit(listener);
    }

    default CompletableFuture<Integer> serverCount() {
        return sockets().serverCount();
    }

    default CompletableFuture<Set<String>> allRooms() {
        return sockets().allRooms();
    }

    /** Open Engine.IO sessions on this node. */
    int sessionCount();

    /** Readiness of the adapter, e.g. Redis connected and subscribed; always true in memory. */
    boolean isAdapterReady();

    /** The event loops that run the sessions, e.g. for metrics; empty before {@link #start} and after close. */
    Optional<EventLoopGroup> eventLoops();

    /** Drain step: refuses new connections and handshakes from now on; existing sessions keep working. */
    void stopAccepting();

    /**
     * Drain step: closes every session from the server side; socket.io-client reconnects by itself (to another node
     * behind a load balancer). Sockets disconnect with {@code "server shutting down"}.
     */
    void closeAllSessions();

    /**
     * Drain step: {@link #closeAllSessions()} spread evenly over {@code spread}, so that the other nodes do not take
     * every reconnect in one instant. The transports close without a Socket.IO DISCONNECT packet (as Node's
     * {@code io.close()}): clients see "transport close" and reconnect; with connection state recovery their
     * sessions are saved first ("server shutting down" is a recoverable reason) and they recover elsewhere.
     */
    void closeAllSessions(java.time.Duration spread);

    /**
     * Stops the server: no new connections, every socket disconnects with {@code "server shutting down"}, the
     * sessions and event loops stop, then the adapters and the adapter factory close. Idempotent; call it from
     * outside the server's event loops.
     */
    @Override
    void close();

    /**
     * Builds a {@link RoomcastServer}. Setters carry the names and defaults of Node's {@code ServerOptions}; every
     * one is optional. Not thread-safe; the server it builds is.
     */
    final class Builder {

        private String host = ServerOptions.DEFAULT_HOST;
        private int port = ServerOptions.DEFAULT_PORT;
        private EngineOptions engine = EngineOptions.defaults();
        private SocketIoOptions socketIo = SocketIoOptions.defaults();
        private NettyTuning tuning = NettyTuning.defaults();
        private TlsOptions tls;
        private Predicate<HandshakeRequest> allowRequest = request -> true;
        private EngineObserver engineObserver = EngineObserver.NONE;
        private HttpFallback httpFallback;

        Builder() {
        }

        /** The address to bind ({@code 0.0.0.0}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /** The port to bind (3000); 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Node's {@code path} ({@code /socket.io}): where the Engine.IO endpoint listens. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path must not be null");
            engine = engine.withPath(path.endsWith("/") ? path : path + "/");
            return this;
        }

        /** Node's {@code transports} ({@code polling}, {@code websocket}). */
        public Builder transports(String... transports) {
            engine = engine.withTransports(Set.of(transports));
            return this;
        }

        /** Node's {@code pingInterval} (25 s). */
        public Builder pingInterval(Duration pingInterval) {
            engine = engine.withPing(pingInterval, engine.pingTimeout());
            return this;
        }

        /** Node's {@code pingTimeout} (20 s). */
        public Builder pingTimeout(Duration pingTimeout) {
            engine = engine.withPing(engine.pingInterval(), pingTimeout);
            return this;
        }

        /** Node's {@code upgradeTimeout} (10 s). */
        public Builder upgradeTimeout(Duration upgradeTimeout) {
            engine = engine.withUpgradeTimeout(upgradeTimeout);
            return this;
        }

        /** Node's {@code maxHttpBufferSize} (1e6 bytes): the largest message or HTTP body accepted. */
        public Builder maxHttpBufferSize(int bytes) {
            engine = engine.withMaxPayload(bytes);
            return this;
        }

        /**
         * How long a client may take to send a whole HTTP request, headers and body (10 s; one bound for Node's
         * {@code http.Server} {@code headersTimeout} / {@code requestTimeout}): slower ones get 408 and are closed,
         * idle kept-alive connections are closed. Held long polls and WebSockets are not affected.
         */
        public Builder httpRequestTimeout(Duration timeout) {
            engine = engine.withHttpRequestTimeout(timeout);
            return this;
        }

        /**
         * How much may wait for one slow client before its session is closed with {@code "write buffer full"}
         * (8 MiB; Roomcast only).
         */
        public Builder maxBufferedBytes(long bytes) {
            engine = engine.withMaxBufferedBytes(bytes);
            return this;
        }

        /**
         * Node's {@code cors}: CORS headers and preflights for browsers on other origins (none by default); with an
         * allow-list a foreign {@code Origin} is refused with 403, a WebSocket before its 101.
         */
        public Builder cors(CorsOptions cors) {
            engine = engine.withCors(cors);
            return this;
        }

        /** Node's {@code connectTimeout} (45 s): a session that joins no namespace in time is closed. */
        public Builder connectTimeout(Duration connectTimeout) {
            socketIo = socketIo.withConnectTimeout(connectTimeout);
            return this;
        }

        /** Node's {@code adapter}: in memory by default; e.g. {@code RedisAdapterFactory.connect(..)} for a cluster. */
        public Builder adapter(AdapterFactory adapter) {
            socketIo = socketIo.withAdapter(adapter);
            return this;
        }

        /**
         * Node's {@code connectionStateRecovery}: a client that lost its connection gets its id, rooms, data and the
         * events it missed back when it reconnects within {@code maxDisconnectionDuration}. Off by default; the
         * adapter must support it (the in-memory one and the Redis Streams one do).
         */
        public Builder connectionStateRecovery(ConnectionStateRecovery recovery) {
            socketIo = socketIo.withConnectionStateRecovery(recovery);
            return this;
        }

        /**
         * Rate limits on client events (Roomcast only; none by default): a token bucket per connection, a budget per
         * user, and when a flooding connection is closed; see {@link io.roomcast.socketio.limits.EventLimits}.
         */
        public Builder eventLimits(io.roomcast.socketio.limits.EventLimits limits) {
            socketIo = socketIo.withEventLimits(limits);
            return this;
        }

        /**
         * How many Engine.IO sessions one remote IP address may have open (Roomcast only; 0, the default, is no
         * limit): the next handshake gets 429. Behind a proxy every client has the proxy's address.
         */
        public Builder maxConnectionsPerAddress(int max) {
            engine = engine.withMaxConnectionsPerAddress(max);
            return this;
        }

        /** Node's {@code cleanupEmptyChildNamespaces} (false). */
        public Builder cleanupEmptyChildNamespaces(boolean cleanup) {
            socketIo = socketIo.withCleanupEmptyChildNamespaces(cleanup);
            return this;
        }

        /** Node's {@code allowRequest}: refuses a handshake with 403 before a session exists. Accepts all by default. */
        public Builder allowRequest(Predicate<HandshakeRequest> allowRequest) {
            this.allowRequest = Objects.requireNonNull(allowRequest, "allowRequest must not be null");
            return this;
        }

        /** Serves HTTPS/WSS (plain HTTP by default). */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls must not be null");
            return this;
        }

        /** Event-loop threads and native transport ({@link NettyTuning#defaults()}). */
        public Builder tuning(NettyTuning tuning) {
            this.tuning = Objects.requireNonNull(tuning, "tuning must not be null");
            return this;
        }

        /** The Jackson mapper of typed payloads and socket data. */
        public Builder objectMapper(ObjectMapper objectMapper) {
            socketIo = socketIo.withObjectMapper(objectMapper);
            return this;
        }

        /** Told about connections, events and broadcasts (metrics). */
        public Builder observer(SocketIoObserver observer) {
            socketIo = socketIo.withObserver(observer);
            return this;
        }

        /** Told about Engine.IO handshakes, sessions, upgrades, bytes and pings (metrics). */
        public Builder engineObserver(EngineObserver observer) {
            this.engineObserver = Objects.requireNonNull(observer, "observer must not be null");
            return this;
        }

        /** Serves HTTP requests outside the Engine.IO path (404 by default), e.g. a page. */
        public Builder httpFallback(HttpFallback fallback) {
            this.httpFallback = Objects.requireNonNull(fallback, "fallback must not be null");
            return this;
        }

        /** Replaces the Engine.IO options at once (the setters above change single fields of them). */
        public Builder engineOptions(EngineOptions engine) {
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
            return this;
        }

        /** Replaces the Socket.IO options at once. */
        public Builder socketIoOptions(SocketIoOptions socketIo) {
            this.socketIo = Objects.requireNonNull(socketIo, "socketIo must not be null");
            return this;
        }

        /** The options this builder holds now. */
        public ServerOptions options() {
            return new ServerOptions(host, port, engine, socketIo, tuning, Optional.ofNullable(tls), allowRequest,
                    engineObserver, Optional.ofNullable(httpFallback));
        }

        /** A server with these options; not started yet. */
        public RoomcastServer build() {
            return RoomcastServerProvider.load().create(options());
        }
    }
}

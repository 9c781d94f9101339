package io.roomcast.engine.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineObserver;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.EngineStartException;
import io.roomcast.engine.HandshakeRequest;
import io.roomcast.engine.HttpFallback;
import io.roomcast.engine.NettyTransport;
import io.roomcast.engine.NettyTuning;
import io.roomcast.engine.TlsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Not API ({@code io.roomcast.socketio.RoomcastServer} is): an Engine.IO v4 server that behaves like Node's engine.io 6.6 for {@code socket.io-client} 4.x: HTTP long-polling,
 * WebSocket, upgrade, heartbeats. netty-socketio's {@link SocketIOServer} is only the Netty bootstrap (event loops,
 * TCP options, epoll); the pipeline is ours ({@link EngineChannelInitializer}).
 *
 * <pre>{@code
 * try (EngineServer server = new EngineServer(EngineOptions.defaults(), handler, null)) {
 *     server.start("0.0.0.0", 3000);
 *     ...
 * }
 * }</pre>
 */
public final class EngineServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineServer.class);

    private final EngineOptions options;
    private final EngineRuntime runtime;
    private NettySocketIoBootstrap bootstrap;
    private volatile Channel serverChannel;
    private volatile int boundPort = -1;
    private NettyTuning tuning = NettyTuning.defaults();
    private volatile NettyTransport transport;
    private TlsOptions tls;
    private boolean closed;

    /**
     * @param fallback serves requests outside {@link EngineOptions#path()}; null answers 404 as Node does
     */
    public EngineServer(EngineOptions options, EngineHandler handler, HttpFallback fallback) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.runtime = new EngineRuntime(options, Objects.requireNonNull(handler, "handler must not be null"),
                fallback == null ? HttpResponses.NOT_FOUND : fallback);
    }

    /**
     * Binds and starts serving; returns once bound. Port 0 picks a free port (see {@link #port()}).
     *
     * @throws EngineStartException when the address cannot be bound, e.g. the port is taken
     */
    public synchronized void start(String host, int port) {
        if (bootstrap != null || closed) {
            throw new IllegalStateException(closed ? "server closed" : "server already started");
        }
        Configuration config = new Configuration();
        config.setHostname(host);
        config.setPort(port);
        config.setMaxHttpContentLength(options.maxPayload());
        config.setMaxFramePayloadLength(options.maxPayload());
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        socket.setTcpNoDelay(true);
        config.setSocketConfig(socket);
        // io_uring, epoll or NIO: the one asked for where it loads, else the next
        transport = TransportChoice.resolve(tuning.transport());
        config.setUseLinuxNativeEpoll(transport == NettyTransport.EPOLL);
        if (tuning.bossThreads() > 0) {
            config.setBossThreads(tuning.bossThreads());
        }
        if (tuning.workerThreads() > 0) {
            config.setWorkerThreads(tuning.workerThreads());
        }
        if (tls != null) {
            applyTls(config, tls);
        }

        NettySocketIoBootstrap server = new NettySocketIoBootstrap(config, transport == NettyTransport.IO_URING);
        EngineChannelInitializer pipeline = new EngineChannelInitializer(runtime);
        server.setPipelineFactory(pipeline);
        // SocketIOServer exposes no bound channel; the future startAsync() returns is the bind ChannelFuture, and
        // its channel gives the real port (for port 0) and lets stopAccepting() close the listening socket.
        Future<Void> bind;
        try {
            bind = server.startAsync();
        } catch (RuntimeException e) {
            // e.g. an unreadable TLS key store: the event loops already exist
            server.stopPromptly();
            throw e;
        }
        bind.awaitUninterruptibly();
        if (!bind.isSuccess()) {
            server.stopPromptly();
            throw new EngineStartException("cannot bind Engine.IO server to " + host + ":" + port + ": "
                    + bind.cause().getMessage(), bind.cause());
        }
        bootstrap = server;
        serverChannel = ((ChannelFuture) bind).channel();
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("Engine.IO server on {}:{}, event loops on {}", host, boundPort, transport.text());
    }

    /**
     * Node's {@code allowRequest}: decides on each handshake (polling or WebSocket) before a session exists; a
     * refused handshake gets 403 {@code {"code":4,"message":"Forbidden"}} (400 text for a WebSocket upgrade).
     * Accepts everything by default. May be called before or after start.
     */
    public EngineServer allowRequest(Predicate<HandshakeRequest> check) {
        runtime.allowRequest(Objects.requireNonNull(check, "check must not be null"));
        return this;
    }

    /**
     * Reports handshakes, sessions, upgrades, bytes and ping round-trips to {@code observer} (for metrics). Set it
     * before {@link #start}: transports created earlier keep the observer they were created with.
     */
    public EngineServer observe(EngineObserver observer) {
        runtime.observer(Objects.requireNonNull(observer, "observer must not be null"));
        return this;
    }

    /**
     * The event loops that run the sessions (netty-socketio's worker group), e.g. for
     * {@code NettyEventExecutorMetrics}; empty before {@link #start} and after {@link #close}.
     */
    public java.util.Optional<io.netty.channel.EventLoopGroup> workerGroup() {
        NettySocketIoBootstrap current = bootstrap;
        return current == null || closed ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(current.workerGroup());
    }

    /** The transport the event loops run on (IO_URING, EPOLL or NIO) once started; null before. */
    public NettyTransport transport() {
        return transport;
    }

    /** Event-loop threads and transport; set before {@link #start}. {@link NettyTuning#defaults()} by default. */
    public synchronized EngineServer tuning(NettyTuning tuning) {
        this.tuning = Objects.requireNonNull(tuning, "tuning must not be null");
        return this;
    }

    /** Serves HTTPS/WSS with this key store; set before {@link #start}. Plain HTTP by default. */
    public synchronized EngineServer tls(TlsOptions tls) {
        this.tls = Objects.requireNonNull(tls, "tls must not be null");
        return this;
    }

    /** netty-socketio's key-store settings are what its bootstrap (and our TLS context) reads. */
    private static void applyTls(Configuration config, TlsOptions tls) {
        try {
            config.setKeyStore(new java.io.ByteArrayInputStream(java.nio.file.Files.readAllBytes(tls.keyStore())));
        } catch (java.io.IOException e) {
            throw new EngineStartException("cannot read the TLS key store " + tls.keyStore() + ": "
                    + e.getMessage(), e);
        }
        config.setKeyStorePassword(tls.password());
        config.setKeyStoreFormat(tls.keyStoreType());
    }

    /** The bound port (still answered after close). */
    public int port() {
        if (boundPort < 0) {
            throw new IllegalStateException("server not started");
        }
        return boundPort;
    }

    /** Open sessions on this server. */
    public int sessionCount() {
        return runtime.sessionCount();
    }

    /**
     * Refuses new TCP connections and new handshakes from now on (HTTP handshakes on kept-alive connections get
     * 503); existing sessions keep working.
     */
    public void stopAccepting() {
        runtime.stopAccepting();
        Channel channel = serverChannel;
        if (channel != null && channel.isOpen()) {
            channel.close().awaitUninterruptibly();
            // the JDK closes a selector-registered socket only at the loop's next select; wait one select cycle so
            // that connect() is refused once this returns
            channel.eventLoop().schedule(() -> { }, 10, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }

    /**
     * Closes every session from the server side without waiting for queued packets; a pending poll gets the close
     * packet. Clients see a transport close and reconnect. Handlers get {@code onClose(.., "server shutting down")}.
     */
    public void closeAllSessions() {
        for (EngineSocket session : runtime.sessions()) {
            session.closeForShutdown();
        }
    }

    /**
     * Closes every session as {@link #closeAllSessions()} does, spread evenly over {@code spread}: the clients
     * reconnect to the other nodes over that time instead of all in one instant.
     */
    public void closeAllSessions(java.time.Duration spread) {
        java.util.List<EngineSocket> sessions = java.util.List.copyOf(runtime.sessions());
        long spreadNanos = Math.max(0, spread.toNanos());
        for (int i = 0; i < sessions.size(); i++) {
            EngineSocket session = sessions.get(i);
            long delay = sessions.size() <= 1 ? 0 : spreadNanos / sessions.size() * i;
            if (delay == 0) {
                session.closeForShutdown();
            } else {
                session.executor().schedule(session::closeForShutdown, delay,
                        java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Stops accepting, closes every session and stops the event loops. Idempotent. Call it from outside the server's
     * event loops (it waits for them to terminate).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bootstrap == null) {
            return;
        }
        stopAccepting();
        closeAllSessions();
        bootstrap.stopPromptly();
    }
}

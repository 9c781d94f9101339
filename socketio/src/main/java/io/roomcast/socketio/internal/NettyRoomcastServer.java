package io.roomcast.socketio.internal;

import io.netty.channel.EventLoopGroup;
import io.roomcast.engine.internal.EngineServer;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.ParentNamespace;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.ServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The {@link RoomcastServer} of this library: our Engine.IO server on netty-socketio's Netty bootstrap, the Socket.IO
 * layer and the adapter, started and closed in the right order. Found by {@link RoomcastServer.Builder#build()}
 * through {@link NettyRoomcastServerProvider}.
 */
public final class NettyRoomcastServer implements RoomcastServer {

    private static final Logger log = LoggerFactory.getLogger(NettyRoomcastServer.class);

    private final ServerOptions options;
    private final SocketIoServer io;
    private final EngineServer engine;
    private final Namespace main;
    private boolean started;
    private boolean closed;

    public NettyRoomcastServer(ServerOptions options) {
        this.options = options;
        this.io = new SocketIoServer(options.socketIo());
        this.engine = new EngineServer(options.engine(), io, options.httpFallback().orElse(null))
                .tuning(options.tuning())
                .allowRequest(options.allowRequest())
                .observe(options.engineObserver());
        options.tls().ifPresent(engine::tls);
        this.main = io.of("/");
    }

    @Override
    public ServerOptions options() {
        return options;
    }

    @Override
    public synchronized RoomcastServer start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "server closed" : "server already started");
        }
        engine.start(options.host(), options.port());
        started = true;
        return this;
    }

    @Override
    public int port() {
        return engine.port();
    }

    @Override
    public Namespace of(String name) {
        return io.of(name);
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return io.namespace(name);
    }

    @Override
    public ParentNamespace of(Predicate<String> accepts) {
        return io.of(accepts);
    }

    @Override
    public java.util.Collection<Namespace> namespaces() {
        return io.namespaces();
    }

    @Override
    public void onNewNamespace(java.util.function.Consumer<Namespace> listener) {
        io.onNewNamespace(listener);
    }

    @Override
    public Namespace sockets() {
        return main;
    }

    @Override
    public int sessionCount() {
        return engine.sessionCount();
    }

    @Override
    public boolean isAdapterReady() {
        return options.socketIo().adapter().isReady();
    }

    @Override
    public Optional<EventLoopGroup> eventLoops() {
        return engine.workerGroup();
    }

    @Override
    public void stopAccepting() {
        engine.stopAccepting();
    }

    @Override
    public void closeAllSessions() {
        engine.closeAllSessions();
    }

    @Override
    public void closeAllSessions(java.time.Duration spread) {
        engine.closeAllSessions(spread);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            engine.stopAccepting();
        }
        io.close();
        engine.close();
        try {
            options.socketIo().adapter().close();
        } catch (RuntimeException e) {
            log.warn("closing the adapter factory failed", e);
        }
    }
}

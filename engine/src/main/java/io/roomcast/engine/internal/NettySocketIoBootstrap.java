package io.roomcast.engine.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * netty-socketio's {@link SocketIOServer} used purely as the Netty bootstrap. It keeps its event-loop groups
 * private and stops them with Netty's default 2-second quiet period each; the protected
 * {@link #applyConnectionOptions} hook sees the configured {@link ServerBootstrap}, so the groups are captured there
 * and shut down with a short quiet period (pending close writes still run) before {@link #stop()}.
 *
 * <p>SocketIOServer knows epoll and NIO only; for io_uring this class builds the same bootstrap itself (its groups,
 * {@link IoUringServerSocketChannel}, the same pipeline and socket options) and stops it.
 */
public final class NettySocketIoBootstrap extends SocketIOServer {

    private static final long QUIET_MS = 100;
    private static final long TIMEOUT_MS = 5_000;

    private final boolean ioUring;
    private volatile EventLoopGroup bossGroup;
    private volatile EventLoopGroup workerGroup;
    private SocketIOChannelInitializer pipeline;

    /** On SocketIOServer's own epoll or NIO groups, as {@code configuration.isUseLinuxNativeEpoll()} says. */
    public NettySocketIoBootstrap(Configuration configuration) {
        this(configuration, false);
    }

    /** @param ioUring true: on io_uring event loops (the caller checked {@code IoUring.isAvailable()}) */
    public NettySocketIoBootstrap(Configuration configuration, boolean ioUring) {
        super(configuration);
        this.ioUring = ioUring;
    }

    @Override
    public void setPipelineFactory(SocketIOChannelInitializer pipelineFactory) {
        super.setPipelineFactory(pipelineFactory);
        this.pipeline = pipelineFactory;
    }

    @Override
    public Future<Void> startAsync() {
        if (!ioUring) {
            return super.startAsync();
        }
        Configuration config = getConfiguration();
        pipeline.start(config, null); // EngineChannelInitializer reads the TLS settings only
        bossGroup = new MultiThreadIoEventLoopGroup(config.getBossThreads(), IoUringIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.getWorkerThreads(), IoUringIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(IoUringServerSocketChannel.class)
                .childHandler(pipeline);
        applyConnectionOptions(bootstrap);
        InetSocketAddress address = config.getHostname() == null ? new InetSocketAddress(config.getPort())
                : new InetSocketAddress(config.getHostname(), config.getPort());
        return bootstrap.bind(address);
    }

    @Override
    public void stop() {
        if (!ioUring) {
            super.stop();
            return;
        }
        for (EventLoopGroup group : new EventLoopGroup[] {bossGroup, workerGroup}) {
            if (group != null) {
                group.shutdownGracefully().syncUninterruptibly();
            }
        }
        pipeline.stop();
    }

    @Override
    protected void applyConnectionOptions(ServerBootstrap bootstrap) {
        super.applyConnectionOptions(bootstrap);
        bossGroup = bootstrap.config().group();
        workerGroup = bootstrap.config().childGroup();
    }

    /** The worker event loops (sessions run there); null before the server started. */
    public EventLoopGroup workerGroup() {
        return workerGroup;
    }

    /** Stops the event loops promptly, then lets SocketIOServer finish its own stop. */
    public void stopPromptly() {
        for (EventLoopGroup group : new EventLoopGroup[] {bossGroup, workerGroup}) {
            if (group != null) {
                group.shutdownGracefully(QUIET_MS, TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        stop();
    }
}

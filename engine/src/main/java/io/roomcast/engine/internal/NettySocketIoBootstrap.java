package io.roomcast.engine.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * netty-socketio's {@link SocketIOServer} used purely as the Netty bootstrap. It keeps its event-loop groups
 * private and stops them with Netty's default 2-second quiet period each; the protected
 * {@link #applyConnectionOptions} hook sees the configured {@link ServerBootstrap}, so the groups are captured there
 * and shut down with a short quiet period (pending close writes still run) before {@link #stop()}.
 */
public final class NettySocketIoBootstrap extends SocketIOServer {

    private static final long QUIET_MS = 100;
    private static final long TIMEOUT_MS = 5_000;

    private volatile EventLoopGroup bossGroup;
    private volatile EventLoopGroup workerGroup;

    public NettySocketIoBootstrap(Configuration configuration) {
        super(configuration);
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

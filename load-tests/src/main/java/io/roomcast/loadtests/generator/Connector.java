package io.roomcast.loadtests.generator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Opens WebSocket connections from one Netty client (epoll when available): connection {@code i} goes to target
 * {@code i % targets} from source address {@code i % sources}, so several 127.x sources lift the ~28k ephemeral
 * ports one source address has towards one server. At most {@code concurrency} handshakes are in flight.
 */
final class Connector implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;
    private final List<URI> targets;
    private final List<InetAddress> sources;
    private final Protocol protocol;
    private final RunCounters counters;
    private final Clock clock;
    private final Semaphore inFlight;

    Connector(GeneratorOptions options, RunCounters counters, Clock clock) {
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(options.threads(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.targets = options.targets();
        this.sources = options.sourceAddresses();
        this.protocol = options.protocol();
        this.counters = counters;
        this.clock = clock;
        this.inFlight = new Semaphore(options.connectConcurrency());
    }

    boolean epoll() {
        return epoll;
    }

    /** Starts connection {@code index}; blocks while too many handshakes are in flight. */
    GeneratorConnection open(int index) throws InterruptedException {
        inFlight.acquire();
        URI target = targets.get(index % targets.size());
        URI wsUri = URI.create("ws://" + target.getHost() + ":" + target.getPort() + protocol.path());
        GeneratorConnection connection = new GeneratorConnection(protocol, counters, clock);
        connection.connected.whenComplete((channel, error) -> inFlight.release());
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                // lets bind() to a source address reuse ports still in TIME_WAIT from the previous run
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(wsUri)
                                .handshakeTimeoutMillis(10_000)
                                .maxFramePayloadLength(1 << 20)
                                .dropPongFrames(true)
                                .build();
                        channel.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(config),
                                connection);
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(target.getHost(), target.getPort());
        ChannelFuture future = sources.isEmpty()
                ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(sources.get(index % sources.size()), 0));
        future.addListener(f -> {
            if (!f.isSuccess()) {
                connection.fail(f.cause());
            }
        });
        return connection;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

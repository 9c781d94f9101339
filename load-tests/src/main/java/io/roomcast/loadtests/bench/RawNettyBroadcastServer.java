package io.roomcast.loadtests.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The benchmark's practical limit: a WebSocket broadcast server with nothing but Netty. No Socket.IO framing, no
 * Redis, one node. {@code J <room>} joins a room (answer {@code A}); {@code M <room> <text>} writes one frame holding
 * {@code <text>} to every member (the same buffer, retained per channel) and answers {@code A} to the sender.
 * Usage: {@code RawNettyBroadcastServer [port]} (default 3300, or env PORT); prints {@code listening <port>}.
 */
public final class RawNettyBroadcastServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ConcurrentMap<String, ChannelGroup> rooms = new ConcurrentHashMap<>();

    public RawNettyBroadcastServer(String host, int port) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        BroadcastHandler handler = new BroadcastHandler();
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new HttpServerCodec(),
                                new HttpObjectAggregator(1 << 16),
                                new WebSocketServerProtocolHandler("/", null, false, 1 << 16),
                                handler);
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0])
                : Integer.parseInt(System.getenv().getOrDefault("PORT", "3300"));
        RawNettyBroadcastServer server = new RawNettyBroadcastServer("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening " + server.port());
    }

    @ChannelHandler.Sharable
    private final class BroadcastHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String text = frame.text();
            if (text.startsWith("J ")) {
                // Channel groups drop closed channels by themselves.
                rooms.computeIfAbsent(text.substring(2), name -> new DefaultChannelGroup(name,
                        GlobalEventExecutor.INSTANCE)).add(ctx.channel());
                ctx.writeAndFlush(new TextWebSocketFrame("A"), ctx.voidPromise());
            } else if (text.startsWith("M ")) {
                int space = text.indexOf(' ', 2);
                ChannelGroup room = space < 0 ? null : rooms.get(text.substring(2, space));
                if (room == null || !room.contains(ctx.channel())) {
                    ctx.writeAndFlush(new TextWebSocketFrame("E not_joined"), ctx.voidPromise());
                    return;
                }
                room.writeAndFlush(new TextWebSocketFrame(text.substring(space + 1)), io.netty.channel.group.ChannelMatchers.all(), true);
                ctx.writeAndFlush(new TextWebSocketFrame("A"), ctx.voidPromise());
            } else {
                ctx.writeAndFlush(new TextWebSocketFrame("E unknown"), ctx.voidPromise());
            }
        }
    }
}

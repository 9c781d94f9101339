package io.roomcast.loadtests.generator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection: opens the namespace (Socket.IO) once the WebSocket is up, answers pings, joins its rooms,
 * counts acks and hands every delivery's stamp to {@link DeliveryStats}. Runs on its channel's event loop only.
 */
final class GeneratorConnection extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final Protocol protocol;
    private final RunCounters counters;
    private final Clock clock;
    private final long startNanos;
    final CompletableFuture<Channel> connected = new CompletableFuture<>();
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    private volatile DeliveryStats stats;
    private volatile boolean closing;
    private int pendingJoins;
    private int nextAckId;

    GeneratorConnection(Protocol protocol, RunCounters counters, Clock clock) {
        this.protocol = protocol;
        this.counters = counters;
        this.clock = clock;
        this.startNanos = clock.now();
    }

    void deliverTo(DeliveryStats stats) {
        this.stats = stats;
    }

    /** Joins the rooms (on the event loop); {@link #joined} completes when every join is acknowledged. */
    void join(String... rooms) {
        Channel channel = connected.join();
        channel.eventLoop().execute(() -> {
            pendingJoins += rooms.length;
            for (String room : rooms) {
                channel.write(new TextWebSocketFrame(protocol.join(room, nextAckId++)));
            }
            channel.flush();
        });
    }

    /** Writes one message without flushing; the publisher flushes once per batch. */
    void publish(Channel channel, String room, String text) {
        channel.write(new TextWebSocketFrame(protocol.publish(room, text, nextAckId++)), channel.voidPromise());
    }

    void close() {
        closing = true;
        connected.thenAccept(Channel::close);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            if (protocol.readyOnHandshake()) {
                markConnected(ctx.channel());
            }
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(new IllegalStateException("websocket handshake timed out"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        var content = frame.content();
        switch (protocol.classify(content)) {
            case MESSAGE -> {
                DeliveryStats target = stats;
                if (target != null) {
                    target.received(protocol.stamp(content), clock.now());
                }
            }
            case PING -> {
                counters.pings.increment();
                ctx.writeAndFlush(new TextWebSocketFrame(protocol.pong()), ctx.voidPromise());
            }
            case OPEN -> ctx.writeAndFlush(new TextWebSocketFrame(protocol.connectRequest()), ctx.voidPromise());
            case CONNECTED -> markConnected(ctx.channel());
            case CONNECT_ERROR -> {
                counters.connectErrors.increment();
                fail(new IllegalStateException("connect_error: " + content.toString(java.nio.charset.StandardCharsets.UTF_8)));
                ctx.close();
            }
            case ACK_OK -> acknowledged(false);
            case ACK_ERROR -> acknowledged(true);
            case CLOSE -> ctx.close();
            case OTHER -> {
            }
        }
    }

    private void acknowledged(boolean error) {
        if (pendingJoins > 0) {
            pendingJoins--;
            (error ? counters.joinErrors : counters.joinAcks).increment();
            if (pendingJoins == 0) {
                joined.complete(null);
            }
        } else {
            (error ? counters.messageErrors : counters.messageAcks).increment();
        }
    }

    private void markConnected(Channel channel) {
        if (!connected.isDone()) {
            // Counted before completing, so whoever waits on the future sees the counts.
            counters.connected.increment();
            counters.connectMicros.recordValue(Math.min(DeliveryStats.HIGHEST_MICROS, (clock.now() - startNanos) / 1000));
            connected.complete(channel);
        }
    }

    void fail(Throwable cause) {
        if (connected.completeExceptionally(cause)) {
            counters.failed(cause);
        }
        joined.completeExceptionally(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!connected.isDone()) {
            fail(new IllegalStateException("closed before connecting"));
        } else if (!closing) {
            counters.unexpectedCloses.increment();
        }
        joined.completeExceptionally(new IllegalStateException("closed"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }
}

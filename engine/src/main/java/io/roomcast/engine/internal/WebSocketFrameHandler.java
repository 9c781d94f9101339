package io.roomcast.engine.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of a WebSocket connection: copies each (aggregated) frame off the channel's buffers and hands it to
 * its transport on the session's executor; answers control frames as the {@code ws} library does.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {

    private final WebSocketTransport transport;

    WebSocketFrameHandler(WebSocketTransport transport) {
        this.transport = transport;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof WebSocketFrame frame && (frame instanceof TextWebSocketFrame
                    || frame instanceof BinaryWebSocketFrame)) {
                transport.observer.bytesReceived("websocket", frame.content().readableBytes());
            }
            if (msg instanceof TextWebSocketFrame text) {
                String data = text.text();
                transport.executor.execute(() -> transport.onFrame(data));
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                byte[] data = ByteBufUtil.getBytes(binary.content());
                transport.executor.execute(() -> transport.onFrame(data));
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (!(msg instanceof WebSocketFrame)) {
                ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        transport.executor.execute(transport::onChannelClosed);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException && ctx.channel().isActive()) {
            // a fragmented message beyond maxPayload: close 1009 as ws does ("Max payload size exceeded")
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (!(cause instanceof CorruptedWebSocketFrameException)) {
            // the frame decoder already answered protocol violations (1009 for frames over maxPayload) and closes
            ctx.close();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        transport.executor.execute(() -> transport.onChannelError(message));
    }
}

package io.roomcast.engine.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import io.roomcast.engine.EngineObserver;
import java.util.List;

/**
 * WebSocket transport (Node's {@code lib/transports/websocket.ts}): one frame per packet, text packets as text
 * frames, binary messages as raw binary frames. Always writable; the channel's own buffer absorbs bursts and its
 * high-water mark is reported through {@link #channelWritable()}.
 */
final class WebSocketTransport extends Transport {

    private final Channel channel;

    WebSocketTransport(EventExecutor executor, Channel channel, EngineObserver observer) {
        super(executor, observer);
        this.channel = channel;
        this.writable = true;
    }

    @Override
    String name() {
        return "websocket";
    }

    @Override
    boolean channelWritable() {
        return channel.isWritable();
    }

    @Override
    long bufferedBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    void abort() {
        channel.close();
    }

    @Override
    void send(List<Packet> packets) {
        long bytes = 0;
        for (Packet packet : packets) {
            if (packet.prepared() != null) {
                // encoded once for every receiving session; the frame encoder lets the finished bytes through
                bytes += packet.prepared().websocketPayloadBytes();
                channel.write(packet.prepared().websocketFrame(), channel.voidPromise());
                continue;
            }
            WebSocketFrame frame = packet.isBinary()
                    ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet.binary()))
                    : new TextWebSocketFrame(PacketCodec.encodeText(packet));
            bytes += frame.content().readableBytes();
            // no future per frame: nothing waits for one, and write errors reach the pipeline and close the channel
            channel.write(frame, channel.voidPromise());
        }
        channel.flush();
        observer.bytesSent("websocket", (int) Math.min(Integer.MAX_VALUE, bytes));
    }

    @Override
    protected void doClose(Runnable done) {
        // ws.close() without a code: an empty close frame (the client reports 1005)
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
        done.run();
    }

    /** Called by {@link WebSocketFrameHandler} on the session's executor. */
    void onFrame(String text) {
        Packet packet = PacketCodec.decodeText(text);
        if (packet == null) {
            onInvalidPacket();
        } else {
            onPacket(packet);
        }
    }

    void onFrame(byte[] binary) {
        onPacket(Packet.message(binary));
    }

    void onChannelClosed() {
        if (readyState() != ReadyState.CLOSED) {
            onClose();
        }
    }

    void onChannelError(String message) {
        onError(message);
    }
}

package io.roomcast.engine.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes connections that carried nothing for longer than any live Engine.IO connection can stay silent (a held
 * poll is answered every pingInterval), for the time a request is in and its answer has not come. While a connection
 * waits for a request, {@link HttpRequestTimeout} bounds it sooner (idle kept-alive sockets, slow senders).
 */
@ChannelHandler.Sharable
final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {

    static final IdleConnectionCloser INSTANCE = new IdleConnectionCloser();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}

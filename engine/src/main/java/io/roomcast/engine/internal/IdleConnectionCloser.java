package io.roomcast.engine.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes connections that carried nothing for longer than any live Engine.IO connection can stay silent (a held
 * poll is answered and a WebSocket pinged every pingInterval), so abandoned kept-alive sockets do not pile up.
 * Node closes idle keep-alive sockets too (after 5 s between requests).
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

package io.roomcast.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Serves HTTP requests outside the Engine.IO path (a demo page, static files). Without one the server answers 404
 * as Node's {@code http.Server} with socket.io attached does.
 */
@FunctionalInterface
public interface HttpFallback {

    /**
     * Writes a response for {@code request}. The request is released by the caller after this returns.
     * @param keepAlive whether the response may keep the connection open
     */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive);
}

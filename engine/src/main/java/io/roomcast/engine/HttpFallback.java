package io.roomcast.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.roomcast.engine.internal.HttpResponses;

/**
 * Serves HTTP requests outside the Engine.IO path (a demo page, static files). The default answers 404 as Node's
 * {@code http.Server} with socket.io attached does.
 */
@FunctionalInterface
public interface HttpFallback {

    /**
     * Writes a response for {@code request}. The request is released by the caller after this returns.
     * @param keepAlive whether the response may keep the connection open
     */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive);

    /** The default: 404 {@code text/plain} "Not Found". */
    static HttpFallback notFound() {
        return (ctx, request, keepAlive) -> HttpResponses.write(ctx.channel(), HttpResponseStatus.NOT_FOUND,
                HttpResponses.TEXT_PLAIN_UTF8, "Not Found", keepAlive, false);
    }
}

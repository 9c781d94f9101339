package io.roomcast.engine.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writes the few HTTP responses the Engine.IO endpoint gives, with Node's headers and keep-alive handling. */
public final class HttpResponses {

    public static final String TEXT_PLAIN_UTF8 = "text/plain; charset=UTF-8";

    private HttpResponses() {
    }

    /**
     * Writes a complete response. With {@code keepAlive} the connection stays open (Node's http server keeps
     * HTTP/1.1 connections alive); otherwise it is closed once the response is written.
     */
    public static ChannelFuture write(Channel channel, HttpResponseStatus status, String contentType, String body,
                                      boolean keepAlive, boolean noStore) {
        ByteBuf content = body == null || body.isEmpty()
                ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (noStore) {
            // polling.ts headers(): "cache-control": "no-store"
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        response.headers().set(HttpHeaderNames.CONNECTION,
                keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ChannelFuture future = channel.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        return future;
    }

    /** server.ts abortRequest: 400 (403 for FORBIDDEN) with the JSON error body. */
    public static void error(Channel channel, EngineError error, boolean keepAlive) {
        write(channel, HttpResponseStatus.valueOf(error.httpStatus()), "application/json", error.json(), keepAlive,
                false);
    }

    /**
     * server.ts abortUpgrade: a failed WebSocket upgrade gets a plain 400 with the error message as text/html and
     * the connection is closed.
     */
    public static void abortUpgrade(Channel channel, HttpResponseStatus status, String message) {
        write(channel, status, "text/html", message, false, false);
    }
}

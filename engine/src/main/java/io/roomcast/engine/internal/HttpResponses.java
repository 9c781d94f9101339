package io.roomcast.engine.internal;

import io.roomcast.engine.HttpFallback;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writes the few HTTP responses the Engine.IO endpoint gives, with Node's headers and keep-alive handling. */
public final class HttpResponses {

    public static final String TEXT_PLAIN_UTF8 = "text/plain; charset=UTF-8";

    /** 404 {@code text/plain} "Not Found", as Node's {@code http.Server} with socket.io attached answers. */
    public static final HttpFallback NOT_FOUND = (ctx, request, keepAlive) -> write(ctx.channel(),
            HttpResponseStatus.NOT_FOUND, TEXT_PLAIN_UTF8, "Not Found", keepAlive, false);

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
        // header names spelled as Node's polling.ts / http module write them
        if (contentType != null) {
            response.headers().set("Content-Type", contentType);
        }
        response.headers().set("Content-Length", content.readableBytes());
        if (noStore) {
            // polling.ts headers(): "cache-control": "no-store"
            response.headers().set("cache-control", "no-store");
        }
        response.headers().set("Connection", keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
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
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set("Connection", HttpHeaderValues.CLOSE);
        response.headers().set("Content-type", "text/html");
        response.headers().set("Content-Length", body.length);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * What Node does when the handshake fails after the WebSocket upgrade (server.ts abortUpgrade called from
     * onWebSocket): the HTTP error text is written raw after the 101, then the socket is destroyed.
     */
    public static void abortAfterUpgrade(Channel channel, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-type: text/html\r\nContent-Length: "
                + body.length + "\r\n\r\n";
        ByteBuf raw = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
        // the WebSocket encoder only encodes frames, so a ByteBuf goes to the socket as is
        channel.writeAndFlush(raw).addListener(ChannelFutureListener.CLOSE);
    }
}

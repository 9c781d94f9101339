package io.roomcast.engine.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.roomcast.engine.CorsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code cors} npm package (2.8) as engine.io runs it, a middleware in front of every request of the Engine.IO
 * path: a preflight {@code OPTIONS} is answered here and never reaches the router; any other request's response
 * (written now or, for a parked poll, later and from the session's thread) gets the CORS headers on its way out.
 * One per connection, only when CORS is configured. Requests outside the path (the fallback) get no headers.
 *
 * <p>Header names, order and the {@code Vary} merging follow {@code cors/lib/index.js}; measured against socket.io
 * 4.8.4 in engine/README.md. Node sends the headers on the 101 of a WebSocket upgrade too (ws "headers" event),
 * not on a refused upgrade (abortUpgrade writes raw to the socket).
 */
public final class CorsHandler extends ChannelDuplexHandler {

    private final CorsOptions cors;
    private final String path;
    /** Headers for the response to the request in progress; null when it is not an Engine.IO request. */
    private List<Map.Entry<String, String>> pending;
    private boolean pendingUpgrade;

    public CorsHandler(CorsOptions cors, String path) {
        this.cors = cors;
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !request.uri().startsWith(path)
                || !request.decoderResult().isSuccess()) {
            pending = null;
            ctx.fireChannelRead(msg);
            return;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (HttpMethod.OPTIONS.equals(request.method())) {
            pending = null;
            try {
                preflight(ctx, request, origin);
            } finally {
                request.release();
            }
            return;
        }
        pending = actualHeaders(origin);
        pendingUpgrade = EngineRequestRouter.isWebSocketUpgrade(request);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (pending != null && msg instanceof HttpResponse response) {
            boolean switching = HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status());
            if (!pendingUpgrade || switching) {
                pending.forEach(header -> response.headers().add(header.getKey(), header.getValue()));
            }
            pending = null;
            ctx.write(msg, promise);
            if (switching) {
                // the connection is a WebSocket from now on: no more HTTP responses to decorate
                ctx.pipeline().remove(this);
            }
            return;
        }
        ctx.write(msg, promise);
    }

    /** cors(): origin, credentials, methods, allowed headers, max age, exposed headers; then the status. */
    private void preflight(ChannelHandlerContext ctx, FullHttpRequest request, String origin) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<String> vary = new ArrayList<>();
        origin(headers, vary, origin);
        credentials(headers);
        if (!cors.methods().isEmpty()) {
            headers.add(Map.entry("Access-Control-Allow-Methods", String.join(",", cors.methods())));
        }
        String allowHeaders;
        if (cors.allowedHeaders().isEmpty()) {
            // no allowedHeaders configured: reflect what the browser asks for
            allowHeaders = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            vary.add("Access-Control-Request-Headers");
        } else {
            allowHeaders = String.join(",", cors.allowedHeaders().get());
        }
        if (allowHeaders != null && !allowHeaders.isEmpty()) {
            headers.add(Map.entry("Access-Control-Allow-Headers", allowHeaders));
        }
        cors.maxAge().ifPresent(age -> headers.add(Map.entry("Access-Control-Max-Age",
                Long.toString(age.getSeconds()))));
        exposed(headers);

        boolean keepAlive = HttpUtil.isKeepAlive(request);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(cors.optionsSuccessStatus()), Unpooled.EMPTY_BUFFER);
        HttpHeaders out = response.headers();
        headers.forEach(header -> out.add(header.getKey(), header.getValue()));
        if (!vary.isEmpty()) {
            out.set("Vary", String.join(", ", vary));
        }
        // cors sets Content-Length: 0 for old Safari; Netty's encoder drops it from a 204 (RFC 9110 forbids it) and
        // keeps it on a 200 preflight (optionsSuccessStatus 200), where it matters
        out.set("Content-Length", "0");
        out.set("Connection", keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** cors() for a non-OPTIONS request: origin, credentials, exposed headers. */
    private List<Map.Entry<String, String>> actualHeaders(String origin) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(4);
        List<String> vary = new ArrayList<>(1);
        origin(headers, vary, origin);
        credentials(headers);
        exposed(headers);
        if (!vary.isEmpty()) {
            headers.add(Map.entry("Vary", String.join(", ", vary)));
        }
        return headers;
    }

    /** configureOrigin(): "*" as is; a list reflects an allowed origin and always varies on Origin. */
    private void origin(List<Map.Entry<String, String>> headers, List<String> vary, String origin) {
        if (cors.allowsAnyOrigin()) {
            headers.add(Map.entry("Access-Control-Allow-Origin", CorsOptions.ANY_ORIGIN));
            return;
        }
        if (cors.allowsOrigin(origin)) {
            headers.add(Map.entry("Access-Control-Allow-Origin", origin));
        }
        vary.add("Origin");
    }

    private void credentials(List<Map.Entry<String, String>> headers) {
        if (cors.credentials()) {
            headers.add(Map.entry("Access-Control-Allow-Credentials", "true"));
        }
    }

    private void exposed(List<Map.Entry<String, String>> headers) {
        if (!cors.exposedHeaders().isEmpty()) {
            headers.add(Map.entry("Access-Control-Expose-Headers", String.join(",", cors.exposedHeaders())));
        }
    }
}

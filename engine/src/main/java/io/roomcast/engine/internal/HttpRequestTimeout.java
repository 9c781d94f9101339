package io.roomcast.engine.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a client may take to send a whole HTTP request (Node's {@code http.Server}
 * {@code headersTimeout} / {@code requestTimeout}, as one bound): a sender of one header byte every few seconds
 * (slowloris) or a body that stalls would otherwise hold its connection, and so a file descriptor, for as long as it
 * keeps trickling. IdleStateHandler cannot tell: every byte resets it.
 *
 * <p>The clock runs while the connection waits for a request: from when it opens, and again from when the response
 * to its last request was written. It stops when the aggregator hands on the full request, so a held long poll (in
 * whole, waiting for data) is never cut; its wait is the heartbeat's business. At the bound a connection with a
 * request under way gets {@code 408} and is closed; one that sent nothing since (an idle kept-alive connection) is
 * just closed, as Node's {@code keepAliveTimeout} does. Sits after the aggregator and goes with the other HTTP-only
 * handlers once the connection is a WebSocket. One per connection; all calls on its event loop.
 */
final class HttpRequestTimeout extends ChannelDuplexHandler {

    private static final byte[] BODY = "Request Timeout".getBytes(StandardCharsets.US_ASCII);

    private final EngineRuntime runtime;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    /** Requests handed on whose response is not written yet (more than one when a client pipelines). */
    private int unanswered;
    /** Bytes arrived since the clock started that did not complete a request: a request is under way. */
    private boolean requestBegun;
    /** A request completed in the current read batch, so the batch's bytes are accounted for. */
    private boolean completedInBatch;
    private boolean expired;

    HttpRequestTimeout(EngineRuntime runtime) {
        this.runtime = runtime;
        this.timeoutNanos = runtime.options().httpRequestTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            stop();
            unanswered++;
            completedInBatch = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // fired for every read from the socket, also when the decoders still wait for more of the request
        if (timer != null && !completedInBatch) {
            requestBegun = true;
        }
        completedInBatch = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational && !expired) {
            unanswered = Math.max(0, unanswered - 1);
            if (unanswered == 0) {
                start(ctx);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null && !expired) {
            requestBegun = false;
            timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        expired = true;
        if (!requestBegun) {
            ctx.close();
            return;
        }
        runtime.observer().httpRequestTimedOut();
        // as Node's http server answers a request that is not in by requestTimeout
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(BODY));
        response.headers().set("Content-Type", HttpResponses.TEXT_PLAIN_UTF8);
        response.headers().set("Content-Length", BODY.length);
        response.headers().set("Connection", HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

package io.roomcast.engine.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import io.roomcast.engine.HandshakeRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Entry of every HTTP request (server.ts {@code handleRequest} / {@code handleUpgrade} / {@code verify}):
 * requests outside the Engine.IO path go to the fallback; the rest are checked in Node's order (transport, origin,
 * sid, handshake method, upgrade) and become a handshake, a polling request of a session or a WebSocket.
 */
@ChannelHandler.Sharable
public final class EngineRequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** server.ts checkInvalidHeaderChar. */
    private static final Pattern INVALID_HEADER_CHAR = Pattern.compile("[^\\t\\x20-\\x7e\\x80-\\xff]");
    /** ws websocket-server.js keyRegex: the base64 of 16 bytes. */
    private static final Pattern WEBSOCKET_KEY = Pattern.compile("^[+/0-9A-Za-z]{22}==$");

    /** The message of a handshake refused by maxConnectionsPerAddress. */
    static final String TOO_MANY_CONNECTIONS = "Too many connections from this address";

    private final EngineRuntime runtime;
    private final SharedStrings sharedStrings = new SharedStrings();

    public EngineRequestRouter(EngineRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Channel channel = ctx.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.write(channel, HttpResponseStatus.BAD_REQUEST, null, null, false, false);
            return;
        }
        if (!request.uri().startsWith(runtime.options().path())) {
            runtime.fallback().handle(ctx, request, keepAlive);
            return;
        }
        Map<String, List<String>> query = LenientQuery.parameters(request.uri());
        boolean upgrade = isWebSocketUpgrade(request);
        EngineError error = verify(request, query, upgrade);
        String transport = last(query, "transport");
        String sid = last(query, "sid");
        if (error != null) {
            if (sid == null || sid.isEmpty()) {
                handshakeRejected(error);
            }
            reject(channel, error, keepAlive, upgrade);
            return;
        }
        if (!originAllowed(request)) {
            refuseOrigin(channel, sid == null || sid.isEmpty(), keepAlive, upgrade);
            return;
        }
        if (sid != null && !sid.isEmpty()) {
            EngineSocket session = runtime.session(sid);
            if (upgrade) {
                upgradeSession(ctx, request, session, transport);
            } else {
                PollRequest poll = new PollRequest(channel, keepAlive, request.method().name(),
                        request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                        request.content().toString(StandardCharsets.UTF_8));
                session.executor().execute(() -> session.onPollingRequest(transport, poll));
            }
            return;
        }
        if (!runtime.accepting()) {
            // stopAccepting(): this node drains; the client retries (elsewhere behind a load balancer)
            if (upgrade) {
                HttpResponses.abortUpgrade(channel, HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable");
            } else {
                HttpResponses.write(channel, HttpResponseStatus.SERVICE_UNAVAILABLE, HttpResponses.TEXT_PLAIN_UTF8,
                        "Service Unavailable", keepAlive, false);
            }
            return;
        }
        HandshakeRequest handshake = handshakeRequest(channel, request, query);
        if (!runtime.allows(handshake)) {
            // server.ts verify(): allowRequest said no
            handshakeRejected(EngineError.FORBIDDEN);
            reject(channel, EngineError.FORBIDDEN, keepAlive, upgrade);
            return;
        }
        // server.ts handshake(): a missing or other EIO means protocol 3, which Node 4.x+ refuses by default
        boolean supported = "4".equals(last(query, "EIO"));
        if (!upgrade && !supported) {
            handshakeRejected(EngineError.UNSUPPORTED_PROTOCOL_VERSION);
            reject(channel, EngineError.UNSUPPORTED_PROTOCOL_VERSION, keepAlive, false);
            return;
        }
        if (!runtime.reserveAddress(handshake)) {
            refuseTooManyConnections(channel, keepAlive, upgrade);
            return;
        }
        if (upgrade) {
            // Node upgrades first and only then runs the handshake, so the version error comes after the 101
            handshakeWebSocket(ctx, request, handshake, transport, supported);
        } else {
            handshakePolling(channel, keepAlive, handshake);
        }
    }

    /**
     * maxConnectionsPerAddress (our addition to Node): 429 with engine.io's JSON error body (code 4, as a refused
     * allowRequest) and a message that says why; a WebSocket gets it as the upgrade's answer, before any 101.
     */
    private void refuseTooManyConnections(Channel channel, boolean keepAlive, boolean upgrade) {
        runtime.observer().tooManyConnections();
        if (upgrade) {
            HttpResponses.abortUpgrade(channel, HttpResponseStatus.TOO_MANY_REQUESTS, TOO_MANY_CONNECTIONS);
        } else {
            HttpResponses.write(channel, HttpResponseStatus.TOO_MANY_REQUESTS, "application/json",
                    "{\"code\":" + EngineError.FORBIDDEN.code() + ",\"message\":\"" + TOO_MANY_CONNECTIONS + "\"}",
                    keepAlive, false);
        }
    }

    /** server.ts verify(): the checks that do not need the session's thread, in Node's order. */
    private EngineError verify(FullHttpRequest request, Map<String, List<String>> query, boolean upgrade) {
        String transport = last(query, "transport");
        if (transport == null || !runtime.options().transports().contains(transport)) {
            return EngineError.UNKNOWN_TRANSPORT;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && INVALID_HEADER_CHAR.matcher(origin).find()) {
            return EngineError.BAD_REQUEST;
        }
        String sid = last(query, "sid");
        if (sid != null && !sid.isEmpty()) {
            // a malformed sid is just an unknown one; the transport-mismatch check runs on the session's thread
            return runtime.session(sid) == null ? EngineError.UNKNOWN_SID : null;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            return EngineError.BAD_HANDSHAKE_METHOD;
        }
        if ("websocket".equals(transport) && !upgrade) {
            return EngineError.BAD_REQUEST;
        }
        return null;
    }

    /**
     * Our addition to Node, which leaves WebSocket origins to {@code allowRequest}: with a CORS allow-list, a browser
     * request from another origin is refused (browsers apply no CORS to WebSocket, and a refused handshake leaves no
     * session behind). Requests without Origin come from non-browser clients and pass, and so do same-origin ones
     * (Origin naming the Host the request was sent to, e.g. a page served by this node): CORS is not about them,
     * and browsers send Origin on every WebSocket.
     */
    private boolean originAllowed(FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        return origin == null || runtime.options().cors().map(cors -> cors.allowsOrigin(origin)).orElse(true)
                || sameOrigin(origin, request.headers().get(HttpHeaderNames.HOST));
    }

    /** Origin {@code scheme://host[:port]} against Host {@code host[:port]}; the scheme may differ behind TLS offload. */
    private static boolean sameOrigin(String origin, String host) {
        int authority = origin.indexOf("://");
        return host != null && authority > 0 && origin.substring(authority + 3).equalsIgnoreCase(host);
    }

    /** 403 like a refused allowRequest; a WebSocket gets it as the upgrade's answer, before any 101. */
    private void refuseOrigin(Channel channel, boolean handshake, boolean keepAlive, boolean upgrade) {
        if (handshake) {
            handshakeRejected(EngineError.FORBIDDEN);
        }
        if (upgrade) {
            HttpResponses.abortUpgrade(channel, HttpResponseStatus.FORBIDDEN, EngineError.FORBIDDEN.message());
        } else {
            HttpResponses.error(channel, EngineError.FORBIDDEN, keepAlive);
        }
    }

    private void handshakeRejected(EngineError error) {
        runtime.observer().handshakeRejected(error.code(), error.message());
    }

    private static void reject(Channel channel, EngineError error, boolean keepAlive, boolean upgrade) {
        if (upgrade) {
            // server.ts abortUpgrade() always answers "400 Bad Request", with the message as body
            HttpResponses.abortUpgrade(channel, HttpResponseStatus.BAD_REQUEST, error.message());
        } else {
            HttpResponses.error(channel, error, keepAlive);
        }
    }

    private void handshakePolling(Channel channel, boolean keepAlive, HandshakeRequest handshake) {
        PollingTransport polling = new PollingTransport(channel.eventLoop(), runtime.observer());
        EngineSocket session = new EngineSocket(SessionIds.next(), handshake, channel.eventLoop(), runtime, polling);
        runtime.add(session);
        polling.onRequest(new PollRequest(channel, keepAlive, "GET", null, ""));
        session.open();
    }

    private void handshakeWebSocket(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest handshake,
                                    String transport, boolean supportedVersion) {
        Channel channel = ctx.channel();
        if (refusedByWs(channel, request)) {
            runtime.releaseAddress(handshake); // no session: the address slot goes back
            return;
        }
        WebSocketServerHandshaker handshaker = handshaker(request);
        if (handshaker == null) { // not after refusedByWs, which lets only versions 8 and 13 through
            runtime.releaseAddress(handshake);
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        WebSocketTransport ws = new WebSocketTransport(channel.eventLoop(), channel, runtime.observer());
        installWebSocket(ctx.pipeline(), ws);
        handshaker.handshake(channel, request).addListener(future -> {
            if (!future.isSuccess() || !"websocket".equals(transport) || !supportedVersion) {
                runtime.releaseAddress(handshake); // no session: the address slot goes back
            }
            if (!future.isSuccess()) {
                channel.close();
            } else if (!"websocket".equals(transport)) {
                // server.ts onWebSocket: "transport doesnt handle upgraded requests"
                channel.writeAndFlush(new CloseWebSocketFrame());
            } else if (!supportedVersion) {
                handshakeRejected(EngineError.UNSUPPORTED_PROTOCOL_VERSION);
                HttpResponses.abortAfterUpgrade(channel, EngineError.UNSUPPORTED_PROTOCOL_VERSION.message());
            } else {
                EngineSocket session = new EngineSocket(SessionIds.next(), handshake, channel.eventLoop(), runtime,
                        ws);
                runtime.add(session);
                session.open();
            }
        });
    }

    private void upgradeSession(ChannelHandlerContext ctx, FullHttpRequest request, EngineSocket session,
                                String transport) {
        Channel channel = ctx.channel();
        if (refusedByWs(channel, request)) {
            return;
        }
        WebSocketServerHandshaker handshaker = handshaker(request);
        if (handshaker == null) { // not after refusedByWs, which lets only versions 8 and 13 through
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // frames of this connection are handled on the session's thread, so the transport lives there
        WebSocketTransport ws = new WebSocketTransport(session.executor(), channel, runtime.observer());
        installWebSocket(ctx.pipeline(), ws);
        handshaker.handshake(channel, request).addListener(future -> {
            if (!future.isSuccess()) {
                channel.close();
                return;
            }
            session.executor().execute(() -> {
                // server.ts onWebSocket: closed client, upgrade under way or done -> websocket.close()
                if (!"websocket".equals(transport) || !session.tryUpgrade(ws)) {
                    ws.close(() -> { });
                }
            });
        });
    }

    /**
     * The checks of ws' {@code handleUpgrade} (websocket-server.js), answered as it does: Netty's handshaker would
     * throw for a missing key or a non-GET method (found by EngineRequestRouterFuzzTests), after the pipeline was
     * already switched to WebSocket, and the client saw its connection dropped without an answer; Netty would also
     * accept the versions 0 and 7, which ws refuses.
     */
    private static boolean refusedByWs(Channel channel, FullHttpRequest request) {
        String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        String version = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (!HttpMethod.GET.equals(request.method())) {
            HttpResponses.abortUpgrade(channel, HttpResponseStatus.METHOD_NOT_ALLOWED, "Invalid HTTP method");
        } else if (key == null || !WEBSOCKET_KEY.matcher(key.trim()).matches()) {
            HttpResponses.abortUpgrade(channel, HttpResponseStatus.BAD_REQUEST,
                    "Missing or invalid Sec-WebSocket-Key header");
        } else if (!"8".equals(version) && !"13".equals(version)) {
            HttpResponses.abortUpgrade(channel, HttpResponseStatus.BAD_REQUEST,
                    "Missing or invalid Sec-WebSocket-Version header");
        } else {
            return false;
        }
        return true;
    }

    private WebSocketServerHandshaker handshaker(FullHttpRequest request) {
        String scheme = "ws://";
        String url = scheme + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(runtime.options().maxPayload())
                .allowExtensions(false)
                .build();
        return new WebSocketServerHandshakerFactory(url, null, config).newHandshaker(request);
    }

    /**
     * After the 101 the handshaker swaps the HTTP codec for WebSocket codecs; frames then reach our transport. The
     * idle-connection handlers go: the session's heartbeat (or the probe's upgrade timeout) closes a silent WebSocket,
     * and each connection holds two handlers and a timer fewer.
     */
    private void installWebSocket(ChannelPipeline pipeline, WebSocketTransport ws) {
        pipeline.addLast("wsAggregator", new WebSocketFrameAggregator(runtime.options().maxPayload()));
        pipeline.addLast("wsFrames", new WebSocketFrameHandler(ws));
        pipeline.remove(this);
        for (String idleHandler : EngineChannelInitializer.IDLE_HANDLERS) {
            if (pipeline.get(idleHandler) != null) {
                pipeline.remove(idleHandler);
            }
        }
    }

    static boolean isWebSocketUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private HandshakeRequest handshakeRequest(Channel channel, FullHttpRequest request,
                                              Map<String, List<String>> query) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(sharedStrings.headerName(header.getKey()), k -> new ArrayList<>())
                    .add(header.getValue());
        }
        headers.replaceAll(sharedStrings::headerValues);
        Map<String, List<String>> params = new LinkedHashMap<>();
        query.forEach((name, values) -> params.put(sharedStrings.share(name),
                sharedStrings.parameterValues(name, values)));
        return new HandshakeRequest(request.uri(), headers, params, (InetSocketAddress) channel.remoteAddress(),
                channel.pipeline().get(SslHandler.class) != null, System.currentTimeMillis());
    }

    /** Node builds the query with Object.fromEntries: the last value of a repeated parameter wins. */
    private static String last(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

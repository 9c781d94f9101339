package io.roomcast.engine.internal;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Plugs our Engine.IO pipeline into netty-socketio's bootstrap through its documented extension point
 * ({@code SocketIOServer.setPipelineFactory}). netty-socketio still owns the event loops and TCP options, and its
 * {@code Configuration} key-store settings still turn on TLS; none of its protocol handlers are built or installed.
 */
public final class EngineChannelInitializer extends SocketIOChannelInitializer {

    /** Node's http server accepts 16 KiB of headers (--max-http-header-size). */
    private static final int MAX_HEADER_SIZE = 16 * 1024;

    /**
     * Close HTTP connections left idle or fed too slowly; removed once a connection becomes a WebSocket, whose
     * heartbeat takes over.
     */
    static final List<String> IDLE_HANDLERS = List.of("idleState", "idleClose", "requestTimeout");

    private final EngineRuntime runtime;
    private final EngineRequestRouter router;
    private volatile SSLContext tls;
    private volatile boolean needClientAuth;

    public EngineChannelInitializer(EngineRuntime runtime) {
        this.runtime = runtime;
        this.router = new EngineRequestRouter(runtime);
    }

    /**
     * Deliberately does not call super: that would build netty-socketio's packet handlers and stores. Only its TLS
     * settings are read, here.
     */
    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        tls = TlsContexts.fromConfiguration(configuration);
        needClientAuth = configuration.isNeedClientAuth() && configuration.getTrustStore() != null;
    }

    @Override
    protected void addSslHandler(ChannelPipeline pipeline) {
        if (tls != null) {
            SSLEngine engine = tls.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setNeedClientAuth(needClientAuth);
            pipeline.addLast("ssl", new SslHandler(engine));
        }
    }

    /** Sessions are closed by EngineServer before the event loops stop; nothing of netty-socketio's to stop. */
    @Override
    public void stop() {
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        long idleMillis = runtime.options().pingInterval().plus(runtime.options().pingTimeout()).toMillis();
        pipeline.addLast("idleState", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        pipeline.addLast("idleClose", IdleConnectionCloser.INSTANCE);
        pipeline.addLast("httpCodec", new HttpServerCodec(new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_SIZE)));
        // bodies over maxPayload get 413, as polling.ts does past maxHttpBufferSize
        pipeline.addLast("httpAggregator", new HttpObjectAggregator(runtime.options().maxPayload()));
        // after the aggregator: the clock stops when the whole request (headers and body) is in
        pipeline.addLast("requestTimeout", new HttpRequestTimeout(runtime));
        runtime.options().cors().ifPresent(cors ->
                pipeline.addLast("cors", new CorsHandler(cors, runtime.options().path())));
        pipeline.addLast("engineRouter", router);
    }
}

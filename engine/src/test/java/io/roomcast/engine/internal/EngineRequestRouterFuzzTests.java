package io.roomcast.engine.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.roomcast.engine.CorsOptions;
import io.roomcast.engine.DisconnectReason;
import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.EngineSession;
import org.junit.jupiter.api.AfterAll;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the HTTP entry: raw bytes of one connection go through the production pipeline
 * ({@link EngineChannelInitializer}: HTTP codec, aggregator, CORS, {@link EngineRequestRouter}) on an
 * {@link EmbeddedChannel}, so query parsing ({@link LenientQuery}), paths, methods, transports, origins, sid lookup,
 * polling bodies and WebSocket upgrades (and the frames after a 101) are all reached. {@code $S} in the input is
 * replaced by the sid of a live polling session opened before, so sid lookups can hit. Property: the router never
 * throws (its {@code exceptionCaught} would hide that as a silent close, so requests are handed to it directly),
 * nothing reaches the end of the pipeline, every response has a status Node's engine.io gives, and a request
 * Netty could not decode gets 400. Seeds: {@code EngineRequestRouterFuzzTestsInputs/}.
 */
class EngineRequestRouterFuzzTests {

    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");
    /**
     * Node's answers (405 a non-GET upgrade, 500 another method on a polling session) and Netty's aggregator's
     * (100/417 for Expect, 413 past maxPayload); 426 the handshaker's for a WebSocket version it does not know.
     */
    private static final Set<Integer> STATUSES =
            Set.of(100, 101, 200, 204, 400, 403, 404, 405, 413, 417, 426, 500, 503);
    private static final String HANDSHAKE = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    /** One server for the whole run (an initializer holds a timer); its sessions are dropped after each input. */
    private static final EngineRuntime RUNTIME = new EngineRuntime(
            EngineOptions.defaults().withCors(CorsOptions.origins("https://example.com")), new NoHandler(),
            HttpResponses.NOT_FOUND);
    private static final EngineChannelInitializer INITIALIZER = new EngineChannelInitializer(RUNTIME);

    private static long executions;
    private static long requests;
    private static final long[] statuses = new long[600];

    @FuzzTest
    void shouldAnswerAnyRequestWithAnEngineIoStatus(byte[] input) {
        executions++;
        try {
            String sid = openSession();
            String bytes = new String(input, StandardCharsets.ISO_8859_1).replace("$S", sid);
            Connection connection = connect();
            connection.channel.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
            connection.channel.runPendingTasks();
            connection.check();
            drain(connection.channel);
            connection.channel.finishAndReleaseAll();
        } finally {
            RUNTIME.sessions().forEach(RUNTIME::remove);
        }
    }

    @AfterAll
    static void printExecutions() {
        StringBuilder counts = new StringBuilder();
        for (int status = 0; status < statuses.length; status++) {
            if (statuses[status] > 0) {
                counts.append(' ').append(status).append('=').append(statuses[status]);
            }
        }
        System.out.printf("fuzz target EngineRequestRouter: %d executions, %d requests routed, responses by status:%s%n",
                executions, requests, counts);
    }

    /** A polling handshake on a first connection, as a client makes before its next requests. */
    private static String openSession() {
        Connection connection = connect();
        connection.channel.writeInbound(Unpooled.copiedBuffer(HANDSHAKE, StandardCharsets.US_ASCII));
        connection.channel.runPendingTasks();
        connection.check();
        String response = String.join("", drain(connection.channel));
        Matcher sid = SID.matcher(response);
        assertThat(sid.find()).as("handshake answer %s", response).isTrue();
        return sid.group(1);
    }

    private static Connection connect() {
        EmbeddedChannel channel = new TcpLikeChannel();
        INITIALIZER.addSocketioHandlers(channel.pipeline());
        EngineRequestRouter router = (EngineRequestRouter) channel.pipeline().get("engineRouter");
        DirectToRouter direct = new DirectToRouter(router);
        channel.pipeline().addBefore("engineRouter", "direct", direct);
        return new Connection(channel, direct);
    }

    private record Connection(EmbeddedChannel channel, DirectToRouter direct) {
        /** Rethrows what the router or a check threw, and anything that reached the end of the pipeline. */
        void check() {
            if (direct.failure instanceof RuntimeException e) {
                throw e;
            }
            if (direct.failure instanceof Error e) {
                throw e;
            }
            if (direct.failure != null) {
                throw new IllegalStateException(direct.failure);
            }
            channel.checkException();
        }
    }

    /** The router reads the client's address as an InetSocketAddress, as a TCP channel has. */
    private static final class TcpLikeChannel extends EmbeddedChannel {
        @Override
        protected SocketAddress remoteAddress0() {
            return isActive() ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000) : null;
        }
    }

    /** The outbound bytes, each HTTP response checked. */
    private static List<String> drain(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof ByteBuf buf) {
                String text = buf.toString(StandardCharsets.ISO_8859_1);
                Matcher status = STATUS_LINE.matcher(text);
                if (status.find()) {
                    int code = Integer.parseInt(status.group(1));
                    assertThat(STATUSES).as("status of %s", text).contains(code);
                    statuses[code]++;
                }
                out.add(text);
            }
            ReferenceCountUtil.release(message);
        }
        return out;
    }

    /**
     * Hands each aggregated request to the router's {@code channelRead0} on the router's own context, so a
     * throw surfaces here instead of in its {@code exceptionCaught}.
     */
    private static final class DirectToRouter extends ChannelInboundHandlerAdapter {

        private final EngineRequestRouter router;
        /** First throw of the router or of a check; kept here, as the router's exceptionCaught would swallow it. */
        Throwable failure;

        DirectToRouter(EngineRequestRouter router) {
            this.router = router;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest request)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                route(ctx, request);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
        }

        private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests++;
            // bytes after a response that closes the connection are still decoded, but cannot be answered
            boolean undecodable = !request.decoderResult().isSuccess() && ctx.channel().isActive();
            EmbeddedChannel channel = (EmbeddedChannel) ctx.channel();
            int written = channel.outboundMessages().size();
            ChannelHandlerContext routerContext = ctx.pipeline().context(router);
            try {
                router.channelRead0(routerContext, request);
            } finally {
                ReferenceCountUtil.release(request);
            }
            if (undecodable) {
                Object response = channel.outboundMessages().stream().skip(written).findFirst().orElse(null);
                assertThat(response).as("answer to an undecodable request").isInstanceOf(ByteBuf.class);
                assertThat(((ByteBuf) response).toString(StandardCharsets.ISO_8859_1))
                        .as("answer to an undecodable request").startsWith("HTTP/1.1 400 ");
            }
        }
    }

    private static final class NoHandler implements EngineHandler {
        @Override
        public void onOpen(EngineSession session) {
        }

        @Override
        public void onMessage(EngineSession session, String text) {
        }

        @Override
        public void onMessage(EngineSession session, byte[] data) {
        }

        @Override
        public void onClose(EngineSession session, DisconnectReason reason) {
        }
    }
}

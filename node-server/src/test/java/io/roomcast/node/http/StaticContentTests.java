package io.roomcast.node.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StaticContentTests {

    private final StaticContent content = new StaticContent();

    @Test
    void shouldServeTheDemoPageAtTheRoot() {
        FullHttpResponse response = exchange(HttpMethod.GET, "/", true);

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
        assertThat(body(response)).contains("<title>Roomcast").contains("/socket.io.min.js");
        assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
        response.release();
    }

    @Test
    void shouldServeAssetsWithTheirContentTypes() {
        FullHttpResponse js = exchange(HttpMethod.GET, "/app.js?v=1", true);
        FullHttpResponse css = exchange(HttpMethod.GET, "/style.css", true);

        assertThat(js.status().code()).isEqualTo(200);
        assertThat(js.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(css.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/css; charset=utf-8");
        js.release();
        css.release();
    }

    @Test
    void shouldServeTheFaviconAsSvgAndAtTheIcoPathBrowsersAskForByDefault() {
        FullHttpResponse svg = exchange(HttpMethod.GET, "/favicon.svg", true);
        FullHttpResponse ico = exchange(HttpMethod.GET, "/favicon.ico", true);

        assertThat(svg.status().code()).isEqualTo(200);
        assertThat(svg.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("image/svg+xml");
        assertThat(body(svg)).startsWith("<svg");
        assertThat(ico.status().code()).isEqualTo(200);
        assertThat(ico.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("image/x-icon");
        byte[] icon = new byte[ico.content().readableBytes()];
        ico.content().getBytes(0, icon);
        assertThat(icon).as("an ICO header: reserved 0, type 1 (icon), one image").startsWith(0, 0, 1, 0, 1, 0);
        FullHttpResponse page = exchange(HttpMethod.GET, "/", true);
        assertThat(body(page)).contains("<link rel=\"icon\" href=\"/favicon.svg\"");
        svg.release();
        ico.release();
        page.release();
    }

    @Test
    void shouldServeTheOfficialClientLibraryWithLongCaching() {
        FullHttpResponse response = exchange(HttpMethod.GET, "/socket.io.min.js", true);

        assertThat(response.status().code())
                .as("socket.io.min.js is copied by the Maven build from npm (needs `npm` on the PATH)")
                .isEqualTo(200);
        assertThat(body(response)).startsWith("/*!").contains("Socket.IO v4.8.4");
        assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("public, max-age=86400");
        response.release();
    }

    @Test
    void shouldAnswerHeadWithHeadersOnly() {
        FullHttpResponse get = exchange(HttpMethod.GET, "/index.html", true);
        FullHttpResponse head = exchange(HttpMethod.HEAD, "/index.html", true);

        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.content().readableBytes()).isZero();
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_LENGTH))
                .isEqualTo(String.valueOf(get.content().readableBytes()));
        get.release();
        head.release();
    }

    @Test
    void shouldAnswerNotModifiedForAKnownEtag() {
        FullHttpResponse first = exchange(HttpMethod.GET, "/style.css", true);
        String etag = first.headers().get(HttpHeaderNames.ETAG);
        FullHttpRequest again = request(HttpMethod.GET, "/style.css");
        again.headers().set(HttpHeaderNames.IF_NONE_MATCH, etag);

        FullHttpResponse second = exchange(again, true);

        assertThat(etag).isNotBlank();
        assertThat(second.status().code()).isEqualTo(304);
        assertThat(second.content().readableBytes()).isZero();
        first.release();
        second.release();
    }

    @Test
    void shouldAnswer404ForUnknownAndUnsafePaths() {
        String[] paths = {"/nope.html", "/../logback.xml", "/%2e%2e/logback.xml", "/..%2flogback.xml",
                "/public/index.html", "/.hidden.js", "//etc/passwd", "/app.js/", "/io/roomcast/node/http/StaticContent.class",
                "/logback.xml", "/C:\\windows.txt", "/index"};
        for (String path : paths) {
            FullHttpResponse response = exchange(HttpMethod.GET, path, true);

            assertThat(response.status().code()).as(path).isEqualTo(404);
            assertThat(body(response)).isEqualTo("Not Found");
            response.release();
        }
    }

    @Test
    void shouldRefuseMethodsOtherThanGetAndHead() {
        FullHttpResponse response = exchange(HttpMethod.POST, "/", true);

        assertThat(response.status().code()).isEqualTo(405);
        assertThat(response.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, HEAD");
        response.release();
    }

    @Test
    void shouldCloseTheConnectionUnlessKeepAlive() {
        EmbeddedChannel keep = channel(true);
        keep.writeInbound(request(HttpMethod.GET, "/"));
        EmbeddedChannel close = channel(false);
        close.writeInbound(request(HttpMethod.GET, "/"));

        FullHttpResponse kept = keep.readOutbound();
        FullHttpResponse closed = close.readOutbound();

        assertThat(keep.isOpen()).isTrue();
        assertThat(close.isOpen()).isFalse();
        assertThat(closed.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        kept.release();
        closed.release();
    }

    private FullHttpResponse exchange(HttpMethod method, String uri, boolean keepAlive) {
        return exchange(request(method, uri), keepAlive);
    }

    private FullHttpResponse exchange(FullHttpRequest request, boolean keepAlive) {
        EmbeddedChannel channel = channel(keepAlive);
        channel.writeInbound(request);
        return channel.readOutbound();
    }

    /** A channel whose only handler hands every request to the fallback, as the engine's HTTP handler does. */
    private EmbeddedChannel channel(boolean keepAlive) {
        return new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                content.handle(ctx, request, keepAlive);
            }
        });
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }
}

package io.roomcast.node.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.roomcast.engine.HttpFallback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the demo page and its assets from the class path folder {@code public/} on the client port, for every
 * request outside the Engine.IO path: {@code /} is {@code index.html}; GET and HEAD only (405 otherwise); 404 for
 * anything that is not a file with a known type. Paths are checked against a strict pattern before any lookup (no
 * {@code ..}, no hidden files, no backslashes or encoded tricks), so nothing outside {@code public/} is reachable.
 * Files are read once and kept in memory (the folder is small and fixed at build time); ETags allow 304 answers.
 */
public final class StaticContent implements HttpFallback {

    /** Default class path folder of the demo page. */
    public static final String DEFAULT_ROOT = "public/";
    /** The official socket.io-client bundle, copied into {@code public/} by the build. */
    public static final String CLIENT_LIBRARY = "/socket.io.min.js";

    // Segments of letters, digits, '_' and '-' with dots only inside (so never "." or ".." or ".hidden").
    private static final Pattern SAFE_PATH =
            Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "map", "application/json; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private final ClassLoader classLoader;
    private final String root;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /** Serves {@link #DEFAULT_ROOT} from this class's class loader. */
    public StaticContent() {
        this(StaticContent.class.getClassLoader(), DEFAULT_ROOT);
    }

    /** @param root class path folder, ending in {@code /}, e.g. {@code public/} */
    public StaticContent(ClassLoader classLoader, String root) {
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        if (root == null || !root.endsWith("/") || root.startsWith("/")) {
            throw new IllegalArgumentException("root must be a relative class path folder ending in '/': " + root);
        }
        this.root = root;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse response = plain(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, response, keepAlive);
            return;
        }
        Optional<Asset> asset = find(new QueryStringDecoder(request.uri()).rawPath());
        if (asset.isEmpty()) {
            send(ctx, plain(request, HttpResponseStatus.NOT_FOUND, "Not Found"), keepAlive);
            return;
        }
        send(ctx, answer(request, asset.get()), keepAlive);
    }

    /** The file for a request path (still URL-encoded), if it is a safe path to a file of a known type. */
    Optional<Asset> find(String rawPath) {
        String path = rawPath.isEmpty() || rawPath.equals("/") ? "/index.html" : rawPath;
        if (!SAFE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        String contentType = CONTENT_TYPES.get(extension);
        if (contentType == null || path.lastIndexOf('.') < path.lastIndexOf('/')) {
            return Optional.empty();
        }
        Asset cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        // Only files that exist are cached, so probing random names cannot grow the map.
        return load(path, contentType).map(asset -> {
            cache.put(path, asset);
            return asset;
        });
    }

    private Optional<Asset> load(String path, String contentType) {
        try (InputStream in = classLoader.getResourceAsStream(root + path.substring(1))) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            // The client bundle changes only with its pinned version, but its name carries no version: a day is
            // a fair trade between fewer downloads and picking up an upgrade. The page itself is always revalidated.
            String cacheControl = path.equals(CLIENT_LIBRARY) ? "public, max-age=86400" : "no-cache";
            return Optional.of(new Asset(bytes, contentType, etag(bytes), cacheControl));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + path, e);
        }
    }

    private static FullHttpResponse answer(FullHttpRequest request, Asset asset) {
        boolean notModified = asset.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                notModified || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.bytes()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                .set(HttpHeaderNames.ETAG, asset.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl())
                .set("X-Content-Type-Options", "nosniff");
        if (!notModified) {
            // HEAD announces the length a GET would send.
            HttpUtil.setContentLength(response, asset.bytes().length);
        }
        return response;
    }

    private static FullHttpResponse plain(FullHttpRequest request, HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                request.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER
                        : Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
                .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(response, text.getBytes(StandardCharsets.UTF_8).length);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** One file, read once. The byte array is never written to. */
    record Asset(byte[] bytes, String contentType, String etag, String cacheControl) {
    }
}

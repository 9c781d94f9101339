package io.roomcast.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A raw Engine.IO client over the JDK's HttpClient and WebSocket: no protocol logic beyond what a test states. */
final class EngineClient {

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final int port;

    EngineClient(int port) {
        this.port = port;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
        return http.sendAsync(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "text/plain;charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polling handshake; returns the sid. */
    String handshake() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/socket.io/?EIO=4&transport=polling");
        if (response.statusCode() != 200) {
            throw new AssertionError("handshake failed: " + response.statusCode() + " " + response.body());
        }
        return sidOf(response.body());
    }

    static String sidOf(String openPacket) {
        Matcher m = SID.matcher(openPacket);
        if (!m.find()) {
            throw new AssertionError("no sid in " + openPacket);
        }
        return m.group(1);
    }

    static String polling(String sid) {
        return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    Ws websocket(String query) throws Exception {
        return websocket(query, null);
    }

    /** A WebSocket sending this {@code Origin} header, as a browser page on that origin would (null: none). */
    Ws websocket(String query, String origin) throws Exception {
        Ws ws = new Ws();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        ws.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?" + query), ws)
                .get(5, TimeUnit.SECONDS);
        return ws;
    }

    /** A WebSocket recording text frames as-is, binary frames as {@code binary:<hex>} and the close. */
    static final class Ws implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                frames.add("binary:" + java.util.HexFormat.of().formatHex(binary.toByteArray()));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        String next() throws InterruptedException {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no websocket frame within 5 s");
            }
            return frame;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        void sendBinary(byte[] data) {
            socket.sendBinary(ByteBuffer.wrap(data), true).join();
        }

        int awaitClose() throws Exception {
            return closed.get(5, TimeUnit.SECONDS);
        }
    }
}

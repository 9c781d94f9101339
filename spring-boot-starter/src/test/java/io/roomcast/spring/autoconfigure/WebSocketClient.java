package io.roomcast.spring.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Socket.IO v4 client over a raw WebSocket (Engine.IO 4 text frames, as socket.io-client sends them), for tests
 * of the real server: connect to {@code /} with an auth object, emit with an ack, read frames.
 */
final class WebSocketClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Read as a frame when the server closed the WebSocket. */
    static final String CLOSED = "(closed)";

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<String> unread = new ArrayList<>();
    private final AtomicInteger ackIds = new AtomicInteger();
    private final WebSocket socket;

    private WebSocketClient(int port) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    String frame = text.toString();
                                    text.setLength(0);
                                    if (frame.equals("2")) {
                                        ws.sendText("3", true);
                                    } else {
                                        frames.add(frame);
                                    }
                                }
                                ws.request(1);
                                return CompletableFuture.completedFuture(null);
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                                frames.add(CLOSED);
                                return null;
                            }
                        }).get(5, TimeUnit.SECONDS);
        String open = next(frame -> frame.startsWith("0"));
        if (!open.contains("\"sid\"")) {
            throw new IllegalStateException("no Engine.IO open packet: " + open);
        }
    }

    /** Opens a session and sends CONNECT to {@code /} with {@code auth} (null for none); returns the reply packet. */
    static WebSocketClient connect(int port, Object auth, StringBuilder reply) throws Exception {
        WebSocketClient client = new WebSocketClient(port);
        client.socket.sendText(auth == null ? "40" : "40" + JSON.writeValueAsString(auth), true).join();
        reply.append(client.next(frame -> frame.startsWith("40") || frame.startsWith("44")));
        return client;
    }

    /** Emits {@code event} with {@code args} asking for an ack; returns the ack's arguments. */
    JsonNode emitWithAck(String event, Object... args) throws Exception {
        int id = ackIds.getAndIncrement();
        List<Object> packet = new ArrayList<>();
        packet.add(event);
        packet.addAll(List.of(args));
        socket.sendText("42" + id + JSON.writeValueAsString(packet), true).join();
        String ack = next(frame -> frame.startsWith("43" + id + "["));
        return JSON.readTree(ack.substring(("43" + id).length()));
    }

    /** The next frame that matches, waiting up to 5 s; frames skipped stay for later reads. */
    String next(java.util.function.Predicate<String> match) throws InterruptedException {
        for (int i = 0; i < unread.size(); i++) {
            if (match.test(unread.get(i))) {
                return unread.remove(i);
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no matching frame within " + TIMEOUT + "; unread " + unread);
            }
            if (match.test(frame)) {
                return frame;
            }
            unread.add(frame);
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null);
        socket.abort();
    }
}

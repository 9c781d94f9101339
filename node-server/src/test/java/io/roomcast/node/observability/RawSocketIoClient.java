package io.roomcast.node.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Socket.IO v5 client over a raw Engine.IO v4 WebSocket: connects to namespace {@code /}, emits with
 * acks and collects the server's events as text frames. Enough to put a known load on a node.
 */
final class RawSocketIoClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(10);

    private final WebSocket ws;
    private final Frames frames;
    private final AtomicInteger nextAckId = new AtomicInteger();
    private final List<String> unmatched = new ArrayList<>();

    private RawSocketIoClient(WebSocket ws, Frames frames) {
        this.ws = ws;
        this.frames = frames;
    }

    /** Opens the WebSocket and connects to namespace {@code /}; returns once the server confirmed it. */
    static RawSocketIoClient connect(int port) {
        Frames frames = new Frames();
        try {
            WebSocket ws = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), frames)
                    .get(FRAME_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            RawSocketIoClient client = new RawSocketIoClient(ws, frames);
            client.expect("0{\"sid\":");
            ws.sendText("40", true).join();
            client.expect("40{\"sid\":");
            return client;
        } catch (Exception e) {
            throw new AssertionError("cannot connect a WebSocket client to port " + port, e);
        }
    }

    /** Emits {@code [event, ...jsonArgs]} with an ack and returns the ack's JSON array. */
    String emitWithAck(String event, String... jsonArgs) {
        int id = nextAckId.getAndIncrement();
        StringBuilder packet = new StringBuilder("42").append(id).append("[\"").append(event).append('"');
        for (String arg : jsonArgs) {
            packet.append(',').append(arg);
        }
        ws.sendText(packet.append(']').toString(), true).join();
        return expect("43" + id + "[").substring(("43" + id).length());
    }

    /** Waits for the next event named {@code event} and returns its frame, skipping other frames. */
    String awaitEvent(String event) {
        return expect("42[\"" + event + "\"");
    }

    /** Returns the first frame starting with {@code prefix}; frames that do not match wait for a later call. */
    private String expect(String prefix) {
        for (var it = unmatched.iterator(); it.hasNext(); ) {
            String frame = it.next();
            if (frame.startsWith(prefix)) {
                it.remove();
                return frame;
            }
        }
        long deadline = System.nanoTime() + FRAME_TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String frame;
            try {
                frame = left > 0 ? frames.texts.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + prefix, e);
            }
            if (frame == null) {
                throw new AssertionError("no frame starting with " + prefix + " within " + FRAME_TIMEOUT
                        + "; other frames: " + unmatched);
            }
            if (frame.startsWith(prefix)) {
                return frame;
            }
            unmatched.add(frame);
        }
    }

    @Override
    public void close() {
        ws.abort();
    }

    /** Collects whole text frames and answers Engine.IO pings. */
    private static final class Frames implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.equals("2")) {
                    ws.sendText("3", true);
                } else {
                    texts.add(text);
                }
            }
            ws.request(1);
            return null;
        }
    }
}

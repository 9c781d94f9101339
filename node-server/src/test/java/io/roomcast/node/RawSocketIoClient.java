package io.roomcast.node;

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
 * A minimal Socket.IO v5 client over a raw WebSocket (JDK {@link WebSocket}), text packets only: enough to drive the
 * chat app from Java tests and see every frame the server sends. Answers pings by itself.
 */
public final class RawSocketIoClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocket ws;
    private final Listener listener;
    private final AtomicInteger ackIds = new AtomicInteger();
    private final List<String> seen = new ArrayList<>();
    /** Frames no {@link #awaitFrame} call has returned yet: a later call may want them. */
    private final List<String> unmatched = new ArrayList<>();

    private RawSocketIoClient(WebSocket ws, Listener listener) {
        this.ws = ws;
        this.listener = listener;
    }

    /** Opens the Engine.IO session and connects to {@code /} without auth. */
    public static RawSocketIoClient connect(int port) throws Exception {
        return connect(port, null);
    }

    /** Opens the Engine.IO session and connects to {@code /} with the given auth JSON (or none). */
    public static RawSocketIoClient connect(int port, String authJson) throws Exception {
        Listener listener = new Listener();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), listener)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        RawSocketIoClient client = new RawSocketIoClient(ws, listener);
        String open = client.next();
        if (!open.startsWith("0{")) {
            throw new AssertionError("expected an open packet, got " + open);
        }
        ws.sendText(authJson == null ? "40" : "40" + authJson, true);
        client.awaitFrame(frame -> frame.startsWith("40{\"sid\""));
        return client;
    }

    /** Opens the Engine.IO session only; connect namespaces with {@link #connect(String, String)}. */
    public static RawSocketIoClient open(int port) throws Exception {
        Listener listener = new Listener();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), listener)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        RawSocketIoClient client = new RawSocketIoClient(ws, listener);
        String open = client.next();
        if (!open.startsWith("0{")) {
            throw new AssertionError("expected an open packet, got " + open);
        }
        return client;
    }

    /**
     * Connects to namespace {@code nsp} (e.g. {@code /admin}) with the auth JSON (or none) and returns the server's
     * answer: {@code 40/nsp,{"sid":..}} when accepted, {@code 44/nsp,{"message":..}} when refused.
     */
    public String connect(String nsp, String authJson) throws InterruptedException {
        String prefix = nsp.equals("/") ? "" : nsp + ",";
        ws.sendText("40" + prefix + (authJson == null ? "" : authJson), true);
        return awaitFrame(frame -> frame.startsWith("40" + prefix + "{") || frame.startsWith("44" + prefix + "{"));
    }

    /** Emits {@code event} with the JSON args (without brackets) on namespace {@code nsp}, without ack. */
    public void emit(String nsp, String event, String argsJson) {
        String prefix = nsp.equals("/") ? "" : nsp + ",";
        ws.sendText("42" + prefix + "[\"" + event + "\"" + (argsJson.isEmpty() ? "" : "," + argsJson) + "]", true);
    }

    /** Waits for the next event named {@code event} on namespace {@code nsp} and returns its frame. */
    public String awaitEvent(String nsp, String event) throws InterruptedException {
        String prefix = nsp.equals("/") ? "" : nsp + ",";
        return awaitFrame(frame -> frame.startsWith("42" + prefix + "[\"" + event + "\""));
    }

    /** Emits {@code event} with the JSON args (without brackets) and returns the ack's JSON array. */
    public String emitWithAck(String event, String argsJson) throws InterruptedException {
        int id = ackIds.incrementAndGet();
        ws.sendText("42" + id + "[\"" + event + "\"" + (argsJson.isEmpty() ? "" : "," + argsJson) + "]", true);
        String ack = awaitFrame(frame -> frame.startsWith("43" + id + "["));
        return ack.substring(("43" + id).length());
    }

    /** Waits for the next event named {@code event} and returns its frame. */
    public String awaitEvent(String event) throws InterruptedException {
        return awaitFrame(frame -> frame.startsWith("42[\"" + event + "\""));
    }

    /**
     * Returns the first frame matching {@code match} that no earlier call returned, waiting for it if needed;
     * frames it passes over stay available to later calls and to {@link #framesSoFar}.
     */
    public String awaitFrame(java.util.function.Predicate<String> match) throws InterruptedException {
        for (var it = unmatched.iterator(); it.hasNext(); ) {
            String frame = it.next();
            if (match.test(frame)) {
                it.remove();
                return frame;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String frame = listener.frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame == null) {
                break;
            }
            seen.add(frame);
            if (match.test(frame)) {
                return frame;
            }
            unmatched.add(frame);
        }
        throw new AssertionError("no matching frame within " + WAIT + "; frames so far: " + seen);
    }

    /** Every frame received so far, after waiting {@code quiet} for stragglers. */
    public List<String> framesSoFar(Duration quiet) throws InterruptedException {
        Thread.sleep(quiet.toMillis());
        List<String> arrived = new ArrayList<>();
        listener.frames.drainTo(arrived);
        seen.addAll(arrived);
        unmatched.addAll(arrived);
        return List.copyOf(seen);
    }

    private String next() throws InterruptedException {
        String frame = listener.frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + WAIT);
        }
        return frame;
    }

    /**
     * Stops taking frames off the connection, as a client on a stalled network or a frozen tab: the JDK WebSocket
     * reads from its socket only on demand, so the server's writes back up in the kernel and then in the node.
     */
    void stopReading() {
        listener.reading = false;
    }

    /** Completes with the close code (or -1 on an error) when the server ends the connection. */
    CompletableFuture<Integer> closed() {
        return listener.closed;
    }

    @Override
    public void close() {
        ws.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile boolean reading = true;
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
                    frames.add(text);
                }
            }
            if (reading) {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}

package io.roomcast.socketio.testing;

import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.engine.DisconnectReason;
import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives a {@link SocketIoServer} as the engine would for one session: every callback runs on the session's
 * executor, and reads wait until the executor has run everything queued before.
 */
public final class TestClient {

    private final SocketIoServer server;
    private final FakeEngineSession session;

    public TestClient(SocketIoServer server, EventExecutor executor) {
        this.server = server;
        this.session = new FakeEngineSession(executor, server);
        onLoop(() -> server.onOpen(session));
    }

    public FakeEngineSession session() {
        return session;
    }

    /** Sends a Socket.IO packet string (what follows the Engine.IO {@code 4}). */
    public TestClient send(String packet) {
        onLoop(() -> server.onMessage(session, packet));
        return this;
    }

    public TestClient sendBinary(byte[] data) {
        onLoop(() -> server.onMessage(session, data));
        return this;
    }

    /** The engine reports the session closed. */
    public void engineClose(DisconnectReason reason) {
        onLoop(() -> server.onClose(session, reason));
    }

    /** Frames sent so far, once the loop has caught up. */
    public List<Object> frames() {
        onLoop(() -> { });
        return session.sent();
    }

    public List<String> texts() {
        onLoop(() -> { });
        return session.sentTexts();
    }

    /** Waits until some text frame matches, then returns all text frames. */
    public List<String> awaitText(Predicate<String> match) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            List<String> texts = texts();
            if (texts.stream().anyMatch(match)) {
                return texts;
            }
            sleep(Duration.ofMillis(5));
        }
        throw new AssertionError("no matching frame within 5 s; got " + texts());
    }

    /** The per-namespace socket id from the server's CONNECT packet for {@code nsp}. */
    public String sid(String nsp) {
        String prefix = "/".equals(nsp) ? "0{\"sid\":\"" : "0" + nsp + ",{\"sid\":\"";
        String frame = awaitText(t -> t.startsWith(prefix)).stream().filter(t -> t.startsWith(prefix))
                .findFirst().orElseThrow();
        return frame.substring(prefix.length(), frame.indexOf('"', prefix.length())); // a pid may follow
    }

    public void onLoop(Runnable task) {
        session.executor().submit(task).syncUninterruptibly();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

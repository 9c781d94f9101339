package io.roomcast.socketio.testing;

import io.netty.util.concurrent.EventExecutor;
import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineSession;
import io.roomcast.engine.HandshakeRequest;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Engine.IO session without a network: records what the Socket.IO layer sends and checks that it sends on the
 * session's executor, as the real engine requires. {@link #close()} reports {@code "forced close"} to the handler
 * afterwards, as the engine does.
 */
public final class FakeEngineSession implements EngineSession {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "session" + IDS.incrementAndGet();
    private final EventExecutor executor;
    private final EngineHandler handler;
    private final HandshakeRequest request;
    private final List<Object> sent = new CopyOnWriteArrayList<>();
    private final List<String> offLoopSends = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private volatile boolean writable = true;
    private volatile String transport = "polling";
    private final AtomicInteger closeCalls = new AtomicInteger();

    public FakeEngineSession(EventExecutor executor, EngineHandler handler) {
        this.executor = executor;
        this.handler = handler;
        this.request = new HandshakeRequest("/socket.io/?EIO=4&transport=polling&room=lobby",
                Map.of("host", List.of("localhost:3000"), "user-agent", List.of("tests")),
                Map.of("EIO", List.of("4"), "transport", List.of("polling"), "room", List.of("lobby")),
                new InetSocketAddress("127.0.0.1", 40_000), false, System.currentTimeMillis());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return transport;
    }

    public void transport(String transport) {
        this.transport = transport;
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void send(String text) {
        checkLoop("text " + text);
        sent.add(text);
    }

    @Override
    public void send(byte[] data) {
        checkLoop("binary");
        sent.add(data);
    }

    private void checkLoop(String what) {
        if (!executor.inEventLoop()) {
            offLoopSends.add(what);
        }
        if (!open) {
            throw new IllegalStateException("send after close: " + what);
        }
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    public void writable(boolean writable) {
        this.writable = writable;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            closeCalls.incrementAndGet();
            executor.execute(() -> handler.onClose(this, io.roomcast.engine.DisconnectReason.FORCED_CLOSE));
        }
    }

    /** Everything sent so far: {@code String} for text messages, {@code byte[]} for binary ones. */
    public List<Object> sent() {
        return new ArrayList<>(sent);
    }

    /** Text messages only. */
    public List<String> sentTexts() {
        return sent.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    public List<String> offLoopSends() {
        return offLoopSends;
    }

    public int closeCalls() {
        return closeCalls.get();
    }

    public void clearSent() {
        sent.clear();
    }
}

package io.roomcast.loadtests.adapter;

import io.roomcast.engine.EngineSession;
import io.roomcast.engine.HandshakeRequest;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * An Engine.IO session with no network under it: counts the message packets the Socket.IO layer hands it. Lets the
 * benchmark measure the adapter path (encode, publish, Redis, receive, filter, fan-out) without a client's cost.
 */
final class CountingSession implements EngineSession {

    private static final HandshakeRequest REQUEST = new HandshakeRequest("/socket.io/?EIO=4&transport=websocket",
            Map.of("host", List.of("127.0.0.1")), Map.of("EIO", List.of("4"), "transport", List.of("websocket")),
            new InetSocketAddress("127.0.0.1", 40_000), false, System.currentTimeMillis());

    private final String id;
    private final EventExecutor executor;
    private final LongAdder received;

    CountingSession(String id, EventExecutor executor, LongAdder received) {
        this.id = id;
        this.executor = executor;
        this.received = received;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public HandshakeRequest request() {
        return REQUEST;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void send(String text) {
        received.increment();
    }

    @Override
    public void send(byte[] data) {
        received.increment();
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}

package io.roomcast.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test handler: records every callback as a line ({@code open <sid>}, {@code text <sid> <data>},
 * {@code binary <sid> <base64>}, {@code upgrade <sid> <transport>}, {@code close <sid> <reason>}), echoes text starting with {@code echo:} and binary
 * starting with 0x01, and checks callbacks run on the session's executor.
 */
final class RecordingHandler implements EngineHandler {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();

    @Override
    public void onOpen(EngineSession session) {
        checkThread(session);
        sessions.put(session.id(), session);
        events.add("open " + session.id());
    }

    @Override
    public void onMessage(EngineSession session, String text) {
        checkThread(session);
        events.add("text " + session.id() + " " + text);
        if (text.startsWith("echo:")) {
            session.send(text.substring(5));
        }
    }

    @Override
    public void onMessage(EngineSession session, byte[] data) {
        checkThread(session);
        events.add("binary " + session.id() + " " + Base64.getEncoder().encodeToString(data));
        if (data.length > 0 && data[0] == 1) {
            session.send(data);
        }
    }

    @Override
    public void onUpgrade(EngineSession session) {
        checkThread(session);
        events.add("upgrade " + session.id() + " " + session.transport());
    }

    @Override
    public void onClose(EngineSession session, DisconnectReason reason) {
        checkThread(session);
        events.add("close " + session.id() + " " + reason);
    }

    private void checkThread(EngineSession session) {
        if (!session.executor().inEventLoop()) {
            events.add("WRONG THREAD " + Thread.currentThread().getName());
        }
    }

    /** Next event, failing after 5 s. */
    String next() throws InterruptedException {
        return next(5_000);
    }

    String next(long timeoutMillis) throws InterruptedException {
        String event = events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no handler event within " + timeoutMillis + " ms");
        }
        return event;
    }

    /** Skips other sessions' events until {@code expected} arrives; fails after 5 s. */
    void await(String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        StringBuilder seen = new StringBuilder();
        while (true) {
            long left = deadline - System.currentTimeMillis();
            String event = left > 0 ? events.poll(left, TimeUnit.MILLISECONDS) : null;
            if (event == null) {
                throw new AssertionError("expected '" + expected + "' but saw: " + seen);
            }
            if (event.equals(expected)) {
                return;
            }
            if (event.startsWith("WRONG THREAD")) {
                throw new AssertionError(event);
            }
            seen.append(event, 0, Math.min(event.length(), 200)).append(" | ");
        }
    }

    static String utf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}

package io.roomcast.engine.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.EventExecutor;
import io.roomcast.engine.EngineObserver;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP long-polling (Node's {@code lib/transports/polling.ts}): a held GET is the only way to send, so the
 * transport is writable exactly while one is pending; POST bodies carry packets from the client.
 */
final class PollingTransport extends Transport {

    /** polling.ts {@code closeTimeout}: how long an orderly close waits for the next GET. */
    private static final long CLOSE_TIMEOUT_MS = 30_000;

    private PollRequest pending;
    private ChannelFutureListener pendingCloseListener;
    private Runnable shouldClose;
    private ScheduledFuture<?> closeTimer;

    PollingTransport(EventExecutor executor, EngineObserver observer) {
        super(executor, observer);
    }

    @Override
    String name() {
        return "polling";
    }

    @Override
    boolean channelWritable() {
        PollRequest held = pending; // read from other threads by isWritable(): one read, may be slightly stale
        return held == null || held.channel().isWritable();
    }

    void onRequest(PollRequest request) {
        switch (request.method()) {
            case "GET" -> onPollRequest(request);
            case "POST" -> onDataRequest(request);
            default -> HttpResponses.write(request.channel(), HttpResponseStatus.INTERNAL_SERVER_ERROR, null, null,
                    request.keepAlive(), false);
        }
    }

    private void onPollRequest(PollRequest request) {
        if (pending != null) {
            onError("overlap from client");
            HttpResponses.write(request.channel(), HttpResponseStatus.BAD_REQUEST, null, null, request.keepAlive(),
                    false);
            return;
        }
        pending = request;
        pendingCloseListener = future -> executor.execute(() -> {
            if (pending == request) {
                onError("poll connection closed prematurely");
            }
        });
        request.channel().closeFuture().addListener(pendingCloseListener);
        writable = true;
        if (listener != null) {
            listener.onReady(this);
        }
        if (writable && shouldClose != null) {
            // polling.ts: "triggering empty send to append close packet"
            send(List.of(Packet.NOOP));
        }
    }

    private void onDataRequest(PollRequest request) {
        if ("application/octet-stream".equals(request.contentType())) {
            // EIO4 never posts binary bodies
            onError("invalid content");
            HttpResponses.write(request.channel(), HttpResponseStatus.BAD_REQUEST, null, null, request.keepAlive(),
                    false);
            return;
        }
        onData(request.body());
        HttpResponses.write(request.channel(), HttpResponseStatus.OK, "text/html", "ok", request.keepAlive(), true);
    }

    private void onData(String payload) {
        observer.bytesReceived("polling", ByteBufUtil.utf8Bytes(payload));
        for (Packet packet : PacketCodec.decodePayload(payload)) {
            if (packet == null) {
                onInvalidPacket();
                return;
            }
            if (packet.type() == PacketType.CLOSE) {
                onClose();
                return;
            }
            onPacket(packet);
        }
    }

    @Override
    protected void onClose() {
        if (writable) {
            send(List.of(Packet.NOOP));
        }
        super.onClose();
    }

    @Override
    void send(List<Packet> packets) {
        PollRequest request = pending;
        pending = null;
        writable = false;
        if (request == null) {
            return;
        }
        request.channel().closeFuture().removeListener(pendingCloseListener);
        pendingCloseListener = null;
        List<Packet> out = packets;
        Runnable closed = shouldClose;
        if (closed != null) {
            out = new ArrayList<>(packets);
            out.add(Packet.CLOSE);
            shouldClose = null;
        }
        String body = PacketCodec.encodePayload(out);
        observer.bytesSent("polling", ByteBufUtil.utf8Bytes(body));
        HttpResponses.write(request.channel(), HttpResponseStatus.OK, HttpResponses.TEXT_PLAIN_UTF8, body,
                request.keepAlive(), true);
        if (closed != null) {
            closed.run();
        }
    }

    @Override
    protected void doClose(Runnable done) {
        Runnable onClosed = new Runnable() {
            private boolean ran;

            @Override
            public void run() {
                if (ran) {
                    return;
                }
                ran = true;
                shouldClose = null;
                if (closeTimer != null) {
                    closeTimer.cancel(false);
                }
                done.run();
                onClose();
            }
        };
        if (writable) {
            send(List.of(Packet.CLOSE));
            onClosed.run();
        } else if (discarded) {
            onClosed.run();
        } else {
            // "transport not writable - buffering orderly close": the next GET gets the close packet
            shouldClose = onClosed;
            closeTimer = executor.schedule(onClosed, CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }
}

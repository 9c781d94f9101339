package io.roomcast.cluster.interop;

import io.roomcast.socketio.Ack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serverSideEmit listener of CONTROL.md: records every {@code sse} event as {@code {event, args, withAck}} and,
 * when the sender wants an ack, answers {@code {server: <name>, args}}.
 */
final class ServerSideLog {

    static final String EVENT = "sse";

    private final String serverName;
    private final List<Map<String, Object>> received = new ArrayList<>();

    ServerSideLog(String serverName) {
        this.serverName = serverName;
    }

    /** A {@link io.roomcast.socketio.ServerSideEmitListener}. */
    void record(String event, List<Object> args, Ack ack) {
        if (!EVENT.equals(event)) {
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("event", event);
        entry.put("args", List.copyOf(args));
        entry.put("withAck", ack.requested());
        synchronized (received) {
            received.add(entry);
        }
        if (ack.requested()) {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("server", serverName);
            reply.put("args", args);
            ack.send(reply);
        }
    }

    /** Everything recorded so far, oldest first; {@code clear} empties the log afterwards. */
    List<Map<String, Object>> snapshot(boolean clear) {
        synchronized (received) {
            List<Map<String, Object>> copy = new ArrayList<>(received);
            if (clear) {
                received.clear();
            }
            return copy;
        }
    }
}

package io.roomcast.cluster.interop;

import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.AckTimeoutException;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.roomcast.cluster.interop.PeerChat.map;

/**
 * The {@code /control} namespace of CONTROL.md: event {@code op} with one request object, acked with
 * {@code {ok:true, ...}} or {@code {ok:false, error}}. Mirrors {@code node-peer.js} operation by operation.
 */
final class ControlOps {

    /**
     * What {@code info} reports about the peer's cluster setup (CONTROL.md): the adapter ({@code classic} /
     * {@code sharded} / {@code streams}), the recovery window ({@code null} without recovery), with streams the stream
     * name and the session key prefix every server must share, with sharded the subscription mode.
     */
    record Setup(String adapter, Duration recovery, String streamName, String sessionKeyPrefix,
                 SubscriptionMode subscriptionMode) {

        Setup(String adapter, Duration recovery, String streamName, String sessionKeyPrefix) {
            this(adapter, recovery, streamName, sessionKeyPrefix, null);
        }

        static Setup classic() {
            return new Setup("classic", null, null, null);
        }

        static Setup sharded(SubscriptionMode mode) {
            return new Setup("sharded", null, null, null, mode);
        }

        Map<String, Object> info() {
            Map<String, Object> info = map("adapter", adapter, "recoveryMs", recovery == null ? null : recovery.toMillis());
            if (streamName != null) {
                info.put("streamName", streamName);
                info.put("sessionKeyPrefix", sessionKeyPrefix);
            }
            if (subscriptionMode != null) {
                info.put("subscriptionMode", subscriptionMode.wireName());
            }
            return info;
        }
    }

    private final RoomcastServer io;
    private final ServerSideLog serverSide;
    private final String name;
    private final Setup setup;
    private final java.util.function.Function<String, CompletableFuture<?>> roomReady;

    ControlOps(RoomcastServer io, ServerSideLog serverSide, String name, Setup setup) {
        this(io, serverSide, name, setup, room -> CompletableFuture.completedFuture(null));
    }

    /** With {@code roomReady}: the {@code join} op answers once this node receives broadcasts to the rooms. */
    ControlOps(RoomcastServer io, ServerSideLog serverSide, String name, Setup setup,
               java.util.function.Function<String, CompletableFuture<?>> roomReady) {
        this.roomReady = roomReady;
        this.io = io;
        this.serverSide = serverSide;
        this.name = name;
        this.setup = setup;
    }

    void install(Namespace control) {
        control.onConnection(socket -> socket.on("op", (s, args, ack) -> handle(args, ack)));
    }

    private void handle(List<Object> args, Ack ack) {
        CompletableFuture<Map<String, Object>> result;
        try {
            if (args.isEmpty() || !(args.get(0) instanceof Map<?, ?> raw)) {
                throw new IllegalArgumentException("unknown op null");
            }
            result = run(new Request(raw));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((fields, error) -> {
            Map<String, Object> reply = new LinkedHashMap<>();
            if (error == null) {
                reply.put("ok", true);
                reply.putAll(fields);
            } else {
                reply.putAll(failure(unwrap(error)));
            }
            ack.send(jsonSafe(reply));
        });
    }

    private CompletableFuture<Map<String, Object>> run(Request req) {
        Namespace nsp = io.of(req.string("nsp", "/"));
        switch (req.string("op", "")) {
            case "info": {
                Map<String, Object> info = map("name", name, "impl", "java", "version", "roomcast");
                info.putAll(setup.info());
                return done(info);
            }
            case "broadcast":
                operator(nsp, req).emit(req.event(), req.args());
                return done(Map.of());
            case "emitWithAck":
                return operator(nsp, req).timeout(Duration.ofMillis(req.positive("timeout")))
                        .emitWithAck(req.event(), req.args())
                        .thenApply(responses -> map("responses", responses));
            case "fetchSockets":
                return operator(nsp, req).fetchSockets().thenApply(sockets -> map("sockets",
                        sockets.stream().map(ControlOps::describe).toList()));
            case "remoteEmit":
                return withSocket(nsp, req, socket -> socket.emit(req.event(), req.args()));
            case "remoteJoin":
                return withSocket(nsp, req, socket -> socket.join(req.rooms("rooms", true).toArray(String[]::new)));
            case "remoteLeave":
                return withSocket(nsp, req, socket -> socket.leave(req.room("room")));
            case "remoteDisconnect":
                return withSocket(nsp, req, socket -> socket.disconnect(req.bool("close")));
            case "socketsJoin":
                operator(nsp, req).socketsJoin(req.rooms("join", true).toArray(String[]::new));
                return done(Map.of());
            case "socketsLeave":
                operator(nsp, req).socketsLeave(req.rooms("leave", true).toArray(String[]::new));
                return done(Map.of());
            case "disconnectSockets":
                operator(nsp, req).disconnectSockets(req.bool("close"));
                return done(Map.of());
            case "serverSideEmit":
                return serverSideEmit(nsp, req);
            case "serverSideReceived":
                return done(map("received", serverSide.snapshot(req.bool("clear"))));
            case "allRooms":
                return nsp.allRooms().thenApply(rooms -> map("rooms", rooms.stream().sorted().toList()));
            case "serverCount":
                return nsp.serverCount().thenApply(count -> map("count", count));
            case "join":
                return join(nsp, req);
            case "socketState":
                return socketState(nsp, req);
            case "closeTransport":
                return closeTransport(nsp, req);
            default:
                throw new IllegalArgumentException("unknown op \"" + req.string("op", "") + "\"");
        }
    }

    private CompletableFuture<Map<String, Object>> serverSideEmit(Namespace nsp, Request req) {
        String event = req.string("event", ServerSideLog.EVENT);
        if (!req.bool("ack")) {
            nsp.serverSideEmit(event, req.args());
            return done(Map.of());
        }
        return nsp.serverSideEmitWithAck(event, req.args()).thenApply(responses -> map("responses", responses));
    }

    private CompletableFuture<Map<String, Object>> join(Namespace nsp, Request req) {
        Socket socket = nsp.sockets().get(req.room("socketId"));
        if (socket == null) {
            throw new IllegalArgumentException("no local socket " + req.room("socketId"));
        }
        List<String> rooms = req.rooms("rooms", true);
        socket.join(rooms.toArray(String[]::new));
        // with dynamic subscriptions: once the rooms' channels are confirmed (bounded; the suite sees what is lost)
        return CompletableFuture.allOf(rooms.stream().map(room -> roomReady.apply(room)
                        .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).handle((ok, error) -> null))
                        .toArray(CompletableFuture[]::new))
                .thenApply(ready -> Map.of());
    }

    /** This server's socket only (CONTROL.md): {@code found:false} means "not here". */
    private static CompletableFuture<Map<String, Object>> socketState(Namespace nsp, Request req) {
        Socket socket = nsp.sockets().get(req.room("socketId"));
        if (socket == null) {
            return done(map("found", false));
        }
        return done(map("found", true, "id", socket.id(), "recovered", socket.recovered(),
                "connected", socket.connected(), "rooms", List.copyOf(socket.rooms()).stream().sorted().toList(),
                "data", socket.data() == null ? Map.of() : socket.data(), "transport", socket.transport()));
    }

    /** Node's {@code socket.conn.close()}: {@link Socket#closeTransport()}, no Socket.IO DISCONNECT packet. */
    private static CompletableFuture<Map<String, Object>> closeTransport(Namespace nsp, Request req) {
        String socketId = req.room("socketId");
        Socket socket = nsp.sockets().get(socketId);
        if (socket == null) {
            throw new IllegalArgumentException("no local socket " + socketId);
        }
        socket.closeTransport();
        return done(Map.of());
    }

    /** io.of(nsp).to(rooms).except(except) with the request's flags, as node-peer.js's operator(). */
    private static BroadcastOperator operator(Namespace nsp, Request req) {
        BroadcastOperator op = nsp.to(req.rooms("rooms", false).toArray(String[]::new))
                .except(req.rooms("except", false).toArray(String[]::new));
        Map<?, ?> flags = req.map("flags");
        if (Boolean.TRUE.equals(flags.get("volatile"))) {
            op = op.volatile_();
        }
        if (Boolean.TRUE.equals(flags.get("local"))) {
            op = op.local();
        }
        if (flags.get("compress") instanceof Boolean compress) {
            op = op.compress(compress);
        }
        return op;
    }

    private static CompletableFuture<Map<String, Object>> withSocket(Namespace nsp, Request req,
                                                                     java.util.function.Consumer<RemoteSocket> action) {
        String socketId = req.room("socketId");
        return nsp.in(socketId).fetchSockets().thenApply(sockets -> {
            RemoteSocket socket = sockets.stream().filter(s -> s.id().equals(socketId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("socket " + socketId + " not found in the cluster"));
            action.accept(socket);
            return Map.of();
        });
    }

    private static Map<String, Object> describe(RemoteSocket socket) {
        Handshake handshake = socket.handshake();
        return map("id", socket.id(),
                "handshake", map("auth", handshake.auth(), "query", flatten(handshake.query()),
                        "headers", flatten(handshake.headers()), "address", handshake.address(), "url", handshake.url(),
                        "secure", handshake.secure(), "issued", handshake.issued(), "time", handshake.time()),
                "rooms", socket.rooms().stream().sorted().toList(),
                "data", socket.data() == null ? Map.of() : socket.data()); // Node's socket.data starts as {}
    }

    /** Node's shape: one value as a string, repeated values as an array. */
    private static Map<String, Object> flatten(Map<String, List<String>> multi) {
        Map<String, Object> flat = new LinkedHashMap<>();
        multi.forEach((name, values) -> flat.put(name, values.size() == 1 ? values.get(0) : values));
        return flat;
    }

    private static Map<String, Object> failure(Throwable error) {
        Map<String, Object> reply = map("ok", false, "error", String.valueOf(error.getMessage()));
        if (error instanceof AckTimeoutException timeout) { // ClusterRequestTimeoutException too: the answers so far
            reply.put("responses", timeout.responses());
        }
        return reply;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static CompletableFuture<Map<String, Object>> done(Map<String, Object> fields) {
        return CompletableFuture.completedFuture(fields);
    }

    /**
     * Binary in results becomes {"$binary": hex}: socket.io-parser 4.2.7 drops a connection on a packet with more than
     * 10 binary attachments (CONTROL.md).
     */
    static Object jsonSafe(Object value) {
        if (value instanceof byte[] bytes) {
            return Map.of("$binary", HexFormat.of().formatHex(bytes));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), jsonSafe(v)));
            return copy;
        }
        if (value instanceof java.util.Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(jsonSafe(v)));
            return copy;
        }
        return value;
    }

    /** A control request with the field checks of node-peer.js. */
    private record Request(Map<?, ?> fields) {

        String string(String key, String fallback) {
            Object value = fields.get(key);
            return value instanceof String s ? s : fallback;
        }

        boolean bool(String key) {
            return Boolean.TRUE.equals(fields.get(key));
        }

        String event() {
            return room("event");
        }

        Object[] args() {
            Object value = fields.get("args");
            return value instanceof List<?> list ? list.toArray() : new Object[0];
        }

        long positive(String key) {
            if (fields.get(key) instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
                return n.longValue();
            }
            throw new IllegalArgumentException(key + " must be a positive integer (ms)");
        }

        String room(String key) {
            if (fields.get(key) instanceof String s && !s.isEmpty()) {
                return s;
            }
            throw new IllegalArgumentException(key + " must be a non-empty string");
        }

        List<String> rooms(String key, boolean required) {
            Object value = fields.get(key);
            if (value == null && !required) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException(key + " must be an array of room names");
            }
            List<String> rooms = new ArrayList<>();
            for (Object room : list) {
                if (!(room instanceof String s) || s.isEmpty()) {
                    throw new IllegalArgumentException(key + " must be a non-empty string");
                }
                rooms.add(s);
            }
            return rooms;
        }

        Map<?, ?> map(String key) {
            return fields.get(key) instanceof Map<?, ?> m ? m : Map.of();
        }
    }
}

package io.roomcast.node.conformance;

import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.RoomcastServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Roomcast's Java socket node as the conformance suite sees it: the production node ({@link NodeRuntime}) plus the
 * test-only namespaces {@code /custom} and {@code /private} of APP-CONTRACT.md, registered through the public
 * Socket.IO API exactly as the Node.js reference server registers them.
 */
final class ConformanceFixture implements AutoCloseable {

    private final NodeRuntime server;

    private ConformanceFixture(NodeRuntime server) {
        this.server = server;
    }

    /**
     * Starts a node on free ports of 127.0.0.1.
     *
     * @param env extra node environment (JWT_SECRET, PING_INTERVAL, PING_TIMEOUT, ...)
     */
    static ConformanceFixture start(Map<String, String> env) {
        Map<String, String> full = new HashMap<>(env);
        full.put("HOST", "127.0.0.1");
        full.put("PORT", String.valueOf(freePort()));
        full.put("MANAGEMENT_PORT", String.valueOf(freePort()));
        try {
            return new ConformanceFixture(NodeServer.start(EnvConfigLoader.load(full), ConformanceFixture::addTestNamespaces));
        } catch (Exception e) {
            throw new AssertionError("the Java node did not start with " + env + ": " + e, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Java node failed", e);
        }
    }

    /** {@code /custom} and {@code /private} as APP-CONTRACT.md describes them. */
    static void addTestNamespaces(RoomcastServer io) {
        addCustom(io.of("/custom"));
        addPrivate(io.of("/private"));
    }

    private static void addCustom(Namespace custom) {
        custom.onConnection(socket -> {
            Map<String, Object> hello = new LinkedHashMap<>();
            hello.put("nsp", "/custom");
            hello.put("id", socket.id());
            hello.put("auth", socket.handshake().auth());
            socket.emit("hello", hello);
            socket.on("echo", (s, args, ack) -> {
                if (ack != null) {
                    ack.send(args.toArray());
                }
            });
            socket.on("rooms", (s, args, ack) -> {
                if (ack != null) {
                    ack.send(sortedRooms(s));
                }
            });
            socket.on("binary", (s, args, ack) -> {
                s.emit("binary", binaryPayload());
                if (ack != null) {
                    ack.send(Map.of("ok", true));
                }
            });
        });
    }

    private static void addPrivate(Namespace privateNsp) {
        privateNsp.use((socket, next) -> {
            if ("letmein".equals(socket.handshake().auth().get("key"))) {
                next.proceed();
            } else {
                next.reject("unauthorized", Map.of("reason", "bad key"));
            }
        });
        privateNsp.onConnection(socket -> socket.on("shout", (s, args, ack) -> {
            privateNsp.emit("shout", args.isEmpty() ? null : args.get(0));
            if (ack != null) {
                ack.send(Map.of("ok", true));
            }
        }));
    }

    // Node sorts with Array.prototype.sort(): UTF-16 code unit order, the same as String.compareTo.
    private static List<String> sortedRooms(Socket socket) {
        List<String> rooms = new ArrayList<>(socket.rooms());
        rooms.sort(String::compareTo);
        return rooms;
    }

    private static Map<String, Object> binaryPayload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("buf", new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        payload.put("nested", List.of(Map.of("b", new byte[] {(byte) 255, (byte) 254})));
        payload.put("n", 1);
        return payload;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}

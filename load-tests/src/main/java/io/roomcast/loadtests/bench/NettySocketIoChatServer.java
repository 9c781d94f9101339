package io.roomcast.loadtests.bench;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.store.RedissonStoreFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The benchmark's Java peer: the chat contract's {@code join}/{@code message} written with netty-socketio 2.0.14's
 * own API ({@code addEventListener}, {@code joinRoom}, {@code getRoomOperations(room).sendEvent}) and, with
 * {@code REDIS_URL} set, its {@link RedissonStoreFactory}, which carries room broadcasts between nodes over Redis
 * pub/sub. Env: {@code PORT} (default 3200), {@code REDIS_URL}. Prints {@code listening <port>} when ready.
 */
public final class NettySocketIoChatServer {
    private static final int MAX_TEXT = 2000;

    private NettySocketIoChatServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3200"));
        String redisUrl = System.getenv("REDIS_URL");
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setTransports(Transport.WEBSOCKET, Transport.POLLING);
        RedissonClient redisson = null;
        if (redisUrl != null && !redisUrl.isBlank()) {
            Config redisConfig = new Config();
            redisConfig.useSingleServer().setAddress(redisUrl);
            redisson = Redisson.create(redisConfig);
            config.setStoreFactory(new RedissonStoreFactory(redisson));
        }
        SocketIOServer server = new SocketIOServer(config);
        server.addConnectListener(client -> client.sendEvent("welcome",
                Map.of("id", client.getSessionId().toString(), "from", from(client))));
        server.addEventListener("join", Object.class, (client, room, ack) -> {
            String error = roomError(room);
            if (error != null) {
                fail(ack, "invalid_room", error);
                return;
            }
            client.joinRoom((String) room);
            if (ack.isAckRequested()) {
                ack.sendAckData(Map.of("ok", true, "room", room,
                        "size", server.getRoomOperations((String) room).getClients().size()));
            }
        });
        server.addEventListener("message", Map.class, (client, payload, ack) -> message(server, client, payload, ack));
        server.start();
        RedissonClient redissonToClose = redisson;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            if (redissonToClose != null) {
                redissonToClose.shutdown();
            }
        }));
        System.out.println("listening " + port);
    }

    private static void message(SocketIOServer server, SocketIOClient client, Map<?, ?> payload, AckRequest ack) {
        Object room = payload.get("room");
        String error = roomError(room);
        if (error != null) {
            fail(ack, "invalid_room", error);
            return;
        }
        if (!(payload.get("text") instanceof String text)) {
            fail(ack, "invalid_text", "text must be a string");
            return;
        }
        if (text.length() > MAX_TEXT) {
            fail(ack, "text_too_long", "text must be at most " + MAX_TEXT + " characters");
            return;
        }
        if (!client.getAllRooms().contains(room)) {
            fail(ack, "not_joined", "join the room first");
            return;
        }
        String id = UUID.randomUUID().toString();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("room", room);
        event.put("text", text);
        event.put("from", from(client));
        event.put("ts", System.currentTimeMillis());
        server.getRoomOperations((String) room).sendEvent("message", event);
        if (ack.isAckRequested()) {
            ack.sendAckData(Map.of("ok", true, "id", id));
        }
    }

    private static String from(SocketIOClient client) {
        return client.getSessionId().toString();
    }

    private static String roomError(Object room) {
        if (!(room instanceof String text) || text.isEmpty()) {
            return "room must be a non-empty string";
        }
        return text.length() > 128 ? "room must be at most 128 characters" : null;
    }

    private static void fail(AckRequest ack, String code, String message) {
        if (ack.isAckRequested()) {
            ack.sendAckData(Map.of("error", Map.of("code", code, "message", message)));
        }
    }
}

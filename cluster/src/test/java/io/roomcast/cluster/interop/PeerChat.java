package io.roomcast.cluster.interop;

import io.roomcast.socketio.Ack;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The chat subset of APP-CONTRACT.md (no JWT) the interop suite uses on {@code /}: welcome, join, leave, message and
 * echo, plus {@code socket.data.user} from {@code auth.user} (CONTROL.md), the same as {@code node-peer.js}.
 * node-server's ChatApp cannot be used here: node-server depends on this module.
 */
final class PeerChat {

    private static final int MAX_ROOM_LENGTH = 128;
    private static final int MAX_USER_LENGTH = 64;
    private static final int MAX_MESSAGE_LENGTH = 2000;

    /** Completes once this node receives broadcasts to the room (a dynamic subscription is confirmed). */
    private final Function<String, CompletableFuture<?>> roomReady;

    PeerChat() {
        this(room -> CompletableFuture.completedFuture(null));
    }

    /**
     * With dynamic subscriptions a join is acked once the room's channel is confirmed, as an application that needs
     * the next broadcast to the room would do (RedisAdapter.roomSubscribed): the suite broadcasts right after the ack.
     */
    PeerChat(Function<String, CompletableFuture<?>> roomReady) {
        this.roomReady = roomReady;
    }

    /** Runs {@code then} once {@code room} is ready here, or after 5 s at most (the suite then sees what is lost). */
    private void whenReady(String room, Runnable then) {
        roomReady.apply(room).orTimeout(5, TimeUnit.SECONDS).handle((ok, error) -> {
            then.run();
            return null;
        });
    }

    void install(Namespace chat) {
        chat.onConnection(this::onConnection);
    }

    private void onConnection(Socket socket) {
        String user = userFromAuth(socket.handshake().auth());
        if (user != null) {
            socket.data(map("user", user));
        }
        String from = user != null ? user : socket.id();
        socket.emit("welcome", map("id", socket.id(), "from", from));
        socket.on("join", (s, args, ack) -> {
            Object room = first(args);
            Map<String, Object> error = roomError(room);
            if (error != null) {
                reply(ack, error);
                return;
            }
            s.join((String) room);
            whenReady((String) room, () -> reply(ack, map("ok", true, "room", room, "size",
                    localRoomSize(s, (String) room))));
        });
        socket.on("leave", (s, args, ack) -> {
            Object room = first(args);
            Map<String, Object> error = roomError(room);
            if (error == null && !s.rooms().contains(room)) {
                error = failure("not_joined", "join the room first");
            }
            if (error != null) {
                reply(ack, error);
                return;
            }
            s.leave((String) room);
            reply(ack, map("ok", true, "room", room, "size", localRoomSize(s, (String) room)));
        });
        socket.on("message", (s, args, ack) -> {
            Map<String, Object> error = messageError(first(args));
            if (error != null) {
                reply(ack, error);
                return;
            }
            Map<?, ?> payload = (Map<?, ?>) first(args);
            String room = (String) payload.get("room");
            if (!s.rooms().contains(room)) {
                reply(ack, failure("not_joined", "join the room first"));
                return;
            }
            String id = UUID.randomUUID().toString();
            s.namespace().to(room).emit("message",
                    map("id", id, "room", room, "text", payload.get("text"), "from", from, "ts", System.currentTimeMillis()));
            reply(ack, map("ok", true, "id", id));
        });
        socket.on("echo", (s, args, ack) -> {
            ack.send(args.toArray());
        });
    }

    private static Object first(List<Object> args) {
        return args.isEmpty() ? null : args.get(0);
    }

    private static void reply(Ack ack, Object value) {
        ack.send(value);
    }

    private static Map<String, Object> roomError(Object room) {
        if (!(room instanceof String name) || name.isEmpty()) {
            return failure("invalid_room", "room must be a non-empty string");
        }
        if (name.length() > MAX_ROOM_LENGTH) {
            return failure("invalid_room", "room must be at most " + MAX_ROOM_LENGTH + " characters");
        }
        return null;
    }

    private static Map<String, Object> messageError(Object payload) {
        if (!(payload instanceof Map<?, ?> message)) {
            return failure("invalid_message", "message must be an object with room and text");
        }
        Map<String, Object> error = roomError(message.get("room"));
        if (error != null) {
            return error;
        }
        if (!(message.get("text") instanceof String text)) {
            return failure("invalid_text", "text must be a string");
        }
        if (text.length() > MAX_MESSAGE_LENGTH) {
            return failure("text_too_long", "text must be at most " + MAX_MESSAGE_LENGTH + " characters");
        }
        return null;
    }

    /** Sockets of this server in the room, as node-peer.js (Node's adapter.rooms is local). */
    private static int localRoomSize(Socket socket, String room) {
        Set<String> members = socket.namespace().localRooms().get(room);
        return members == null ? 0 : members.size();
    }

    private static String userFromAuth(Map<String, Object> auth) {
        if (!(auth.get("user") instanceof String user) || user.strip().isEmpty()) {
            return null;
        }
        String trimmed = user.strip();
        return trimmed.length() <= MAX_USER_LENGTH ? trimmed : trimmed.substring(0, MAX_USER_LENGTH);
    }

    private static Map<String, Object> failure(String code, String message) {
        return map("error", map("code", code, "message", message));
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

package io.roomcast.node.chat;

import io.roomcast.engine.HttpFallback;
import io.roomcast.node.RoomcastApplication;
import io.roomcast.node.auth.JwtAuthenticator;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.node.http.StaticContent;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RoomForbiddenException;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The chat application on namespace {@code /}, used by the demo page, the load tests and the cluster tests:
 * {@code join}, {@code leave}, {@code message}, {@code echo} and {@code cursor} (the demo page's shared board), plus
 * the demo page on the client port. Messages and cursors go to the room on every node of the cluster through the
 * namespace's adapter. With JWT auth a {@code join} that the token's room policy refuses is acked {@code forbidden}
 * ({@link Identities#roomAuthorizer()}). The contract (payloads, error codes) is written down in the README; the
 * Node.js reference server in the tests implements the same one.
 */
public final class ChatApp implements RoomcastApplication {

    private final ChatRequests requests;
    private final Identities identities;
    private final String nodeId;
    private final LongSupplier clock;

    /** @param nodeId this node's {@code NODE_ID}, told to every client in {@code welcome} */
    public ChatApp(int maxMessageLength, Identities identities, String nodeId) {
        this(maxMessageLength, identities, nodeId, System::currentTimeMillis);
    }

    ChatApp(int maxMessageLength, Identities identities, String nodeId, LongSupplier clock) {
        this.requests = new ChatRequests(maxMessageLength);
        this.identities = identities;
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = clock;
    }

    /** The chat as {@code MAX_MESSAGE_LENGTH} and {@code JWT_SECRET} configure it. */
    public static ChatApp fromConfig(NodeConfig config) {
        Identities identities = config.auth().jwtSecret()
                .map(secret -> Identities.jwt(new JwtAuthenticator(secret)))
                .orElseGet(Identities::anonymous);
        return new ChatApp(config.chat().maxMessageLength(), identities, config.nodeId());
    }

    @Override
    public void install(RoomcastServer io) {
        Namespace chat = io.sockets();
        chat.use(identities::authenticate);
        chat.authorizeJoins(identities.roomAuthorizer());
        chat.onConnection(socket -> onConnection(chat, socket));
    }

    /** The demo page and the socket.io-client bundle. */
    @Override
    public Optional<HttpFallback> httpFallback() {
        return Optional.of(new StaticContent());
    }

    /** The name the chat's messages carry: the JWT {@code sub} with a secret, else {@code auth.user} or the id. */
    @Override
    public String userOf(Socket socket) {
        return socket.data() instanceof ChatUser user ? user.from() : null;
    }

    private void onConnection(Namespace chat, Socket socket) {
        socket.emit("welcome", new ChatAcks.Welcome(socket.id(), Identities.from(socket), nodeId));
        socket.on("join", (s, args, ack) -> reply(ack, () -> join(s, requests.room(args))));
        socket.on("leave", (s, args, ack) -> reply(ack, () -> leave(s, requests.room(args))));
        socket.on("message", (s, args, ack) -> reply(ack, () -> message(chat, s, requests.message(args))));
        socket.on("echo", (s, args, ack) -> ack.send(args.toArray()));
        socket.on("cursor", (s, args, ack) -> reply(ack, () -> cursor(s, requests.cursor(args))));
    }

    private Object join(Socket socket, String room) {
        try {
            socket.join(room);
        } catch (RoomForbiddenException e) {
            throw new ChatRequests.Rejected(ChatError.forbidden(room)); // counted by the observer already
        }
        return new ChatAcks.RoomAck(room, roomSize(socket, room));
    }

    private Object leave(Socket socket, String room) {
        requireJoined(socket, room);
        socket.leave(room);
        return new ChatAcks.RoomAck(room, roomSize(socket, room));
    }

    private Object message(Namespace chat, Socket socket, ChatRequests.RoomText request) {
        requireJoined(socket, request.room());
        ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), request.room(), request.text(),
                Identities.from(socket), clock.getAsLong());
        chat.to(request.room()).emit("message", message);
        return new ChatAcks.MessageAck(message.id());
    }

    /** Volatile: a pointer position is worth nothing late, so a member whose transport is busy skips it. */
    private static Object cursor(Socket socket, ChatRequests.Cursor cursor) {
        requireJoined(socket, cursor.room());
        socket.to(cursor.room()).volatile_().emit("cursor", new ChatAcks.CursorMove(cursor.room(), socket.id(),
                Identities.from(socket), cursor.x(), cursor.y()));
        return ChatAcks.OkAck.OK;
    }

    private static void requireJoined(Socket socket, String room) {
        if (!socket.rooms().contains(room)) {
            throw new ChatRequests.Rejected(ChatError.notJoined());
        }
    }

    /** Sockets in the room on this node (as {@code io.of("/").adapter.rooms} in Node); no cross-node request. */
    private static int roomSize(Socket socket, String room) {
        Set<String> members = socket.namespace().localRooms().get(room);
        return members == null ? 0 : members.size();
    }

    /** Runs a request; acks its result or its error. Without an ack, valid requests still take effect. */
    private static void reply(Ack ack, Supplier<Object> request) {
        Object result;
        try {
            result = request.get();
        } catch (ChatRequests.Rejected rejected) {
            result = new ChatAcks.ErrorAck(rejected.error());
        }
        ack.send(result);
    }
}

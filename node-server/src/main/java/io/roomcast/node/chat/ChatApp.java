package io.roomcast.node.chat;

import io.roomcast.cluster.Cluster;
import io.roomcast.cluster.ClusterNamespace;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoServer;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The chat application on namespace {@code /}, used by the demo page, the load tests and the cluster tests:
 * {@code join}, {@code leave}, {@code message} and {@code echo}. Messages go to the room on every node of the
 * cluster through {@link Cluster}. The contract (payloads, error codes) is written
 * down in the README; the Node.js reference server in the tests implements the same one.
 */
public final class ChatApp {

    private final ChatRequests requests;
    private final Identities identities;
    private final LongSupplier clock;

    public ChatApp(int maxMessageLength, Identities identities) {
        this(maxMessageLength, identities, System::currentTimeMillis);
    }

    ChatApp(int maxMessageLength, Identities identities, LongSupplier clock) {
        this.requests = new ChatRequests(maxMessageLength);
        this.identities = identities;
        this.clock = clock;
    }

    public void install(SocketIoServer io) {
        ClusterNamespace chat = new Cluster(io).sockets();
        chat.namespace().use(identities::authenticate);
        chat.namespace().onConnection(socket -> onConnection(chat, socket));
    }

    private void onConnection(ClusterNamespace chat, Socket socket) {
        socket.emit("welcome", new ChatAcks.Welcome(socket.id(), Identities.from(socket)));
        socket.on("join", (s, args, ack) -> reply(ack, () -> join(s, requests.room(args))));
        socket.on("leave", (s, args, ack) -> reply(ack, () -> leave(s, requests.room(args))));
        socket.on("message", (s, args, ack) -> reply(ack, () -> message(chat, s, requests.message(args))));
        socket.on("echo", (s, args, ack) -> {
            if (ack != null) {
                ack.send(args.toArray());
            }
        });
    }

    private Object join(Socket socket, String room) {
        socket.join(room);
        return new ChatAcks.RoomAck(room, roomSize(socket, room));
    }

    private Object leave(Socket socket, String room) {
        requireJoined(socket, room);
        socket.leave(room);
        return new ChatAcks.RoomAck(room, roomSize(socket, room));
    }

    private Object message(ClusterNamespace chat, Socket socket, ChatRequests.RoomText request) {
        requireJoined(socket, request.room());
        ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), request.room(), request.text(),
                Identities.from(socket), clock.getAsLong());
        chat.to(request.room()).emit("message", message);
        return new ChatAcks.MessageAck(message.id());
    }

    private static void requireJoined(Socket socket, String room) {
        if (!socket.rooms().contains(room)) {
            throw new ChatRequests.Rejected(ChatError.notJoined());
        }
    }

    /** Sockets in the room on this node (as {@code io.of("/").adapter.rooms} in Node); no cross-node request. */
    private static int roomSize(Socket socket, String room) {
        return socket.namespace().adapter().sockets(Set.of(room)).size();
    }

    /** Runs a request; acks its result or its error. Without an ack, valid requests still take effect. */
    private static void reply(Ack ack, Supplier<Object> request) {
        Object result;
        try {
            result = request.get();
        } catch (ChatRequests.Rejected rejected) {
            result = new ChatAcks.ErrorAck(rejected.error());
        }
        if (ack != null) {
            ack.send(result);
        }
    }
}

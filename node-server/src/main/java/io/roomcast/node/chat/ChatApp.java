package io.roomcast.node.chat;

import io.roomcast.cluster.presence.AdapterPresenceStore;
import io.roomcast.cluster.presence.InMemoryPresenceStore;
import io.roomcast.cluster.presence.Member;
import io.roomcast.cluster.presence.Presence;
import io.roomcast.cluster.presence.PresenceStore;
import io.roomcast.cluster.presence.RedisPresenceOptions;
import io.roomcast.cluster.presence.RedisPresenceStore;
import io.roomcast.cluster.presence.RoomMembers;
import io.roomcast.engine.HttpFallback;
import io.roomcast.node.NodeRuntime;
import io.roomcast.node.RoomcastApplication;
import io.roomcast.node.auth.JwtAuthenticator;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.node.http.StaticContent;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.RoomForbiddenException;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The chat application on namespace {@code /}, used by the demo page, the load tests and the cluster tests:
 * {@code join}, {@code leave}, {@code members}, {@code message}, {@code echo} and {@code cursor} (the demo page's
 * shared board), plus the demo page on the client port. Messages and cursors go to the room on every node of the
 * cluster through the namespace's adapter; room sizes and member
 * lists come from {@link Presence} ({@code PRESENCE}), which also sends {@code presence} notices to the room. With
 * JWT auth a {@code join} that the token's room policy refuses is acked {@code forbidden}
 * ({@link Identities#roomAuthorizer()}). The contract (payloads, error codes) is written down in the README; the
 * Node.js reference server in the tests implements the same one.
 */
public final class ChatApp implements RoomcastApplication {

    private static final Logger log = LoggerFactory.getLogger(ChatApp.class);

    private final ChatRequests requests;
    private final Identities identities;
    private final String nodeId;
    private final Function<Namespace, PresenceStore> presenceStores;
    private final LongSupplier clock;
    private volatile Presence presence;

    /** A chat whose presence is this node's only (a single node), on a node named {@code local}. */
    public ChatApp(int maxMessageLength, Identities identities) {
        this(maxMessageLength, identities, "local", chat -> new InMemoryPresenceStore());
    }

    /**
     * @param nodeId         the {@code node} of this node's members and of {@code welcome}
     * @param presenceStores the presence store of the chat namespace, created in {@link #install}
     */
    public ChatApp(int maxMessageLength, Identities identities, String nodeId,
                   Function<Namespace, PresenceStore> presenceStores) {
        this(maxMessageLength, identities, nodeId, presenceStores, System::currentTimeMillis);
    }

    ChatApp(int maxMessageLength, Identities identities, String nodeId,
            Function<Namespace, PresenceStore> presenceStores, LongSupplier clock) {
        this.requests = new ChatRequests(maxMessageLength);
        this.identities = identities;
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
        this.presenceStores = Objects.requireNonNull(presenceStores, "presenceStores must not be null");
        this.clock = clock;
    }

    /** The chat as {@code MAX_MESSAGE_LENGTH}, {@code JWT_SECRET}, {@code NODE_ID} and {@code PRESENCE} configure it. */
    public static ChatApp fromConfig(NodeConfig config) {
        Identities identities = config.auth().jwtSecret()
                .map(secret -> Identities.jwt(new JwtAuthenticator(secret)))
                .orElseGet(Identities::anonymous);
        return new ChatApp(config.chat().maxMessageLength(), identities, config.nodeId(), presenceStores(config));
    }

    /** The store {@code PRESENCE} names; the Redis one connects when the chat is installed. */
    static Function<Namespace, PresenceStore> presenceStores(NodeConfig config) {
        NodeConfig.Cluster cluster = config.cluster();
        return switch (config.chat().presence()) {
            case LOCAL -> chat -> new InMemoryPresenceStore();
            case ADAPTER -> chat -> new AdapterPresenceStore(chat, ChatApp::memberOf);
            case REDIS -> chat -> RedisPresenceStore.connect(NodeRuntime.redisUri(cluster),
                    NodeRuntime.transportOptions(cluster), RedisPresenceOptions.defaults()
                            .withKey(cluster.adapterKey()).withTtl(config.chat().presenceTtl()));
        };
    }

    @Override
    public void install(RoomcastServer io) {
        Namespace chat = io.sockets();
        chat.use(identities::authenticate);
        chat.authorizeJoins(identities.roomAuthorizer());
        PresenceStore store = presenceStores.apply(chat);
        presence = new Presence(chat, store, ChatApp::memberOf);
        log.info("Chat presence through {}", store.getClass().getSimpleName());
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

    /** Closes the presence store (with Redis, this node's entries are removed). */
    @Override
    public void close() {
        Presence installed = presence;
        if (installed != null) {
            installed.close();
        }
    }

    /** A chat socket of any node as a presence member: its {@code socket.data} says who and where. */
    static Member memberOf(RemoteSocket socket) {
        String from = null;
        String node = null;
        if (socket.data() instanceof ChatUser user) {
            from = user.from();
            node = user.node();
        } else if (socket.data() instanceof Map<?, ?> data) { // another node's socket, in its JSON form
            from = data.get("from") instanceof String s ? s : null;
            node = data.get("node") instanceof String s ? s : null;
        }
        return new Member(socket.id(), from == null ? socket.id() : from, node == null ? "unknown" : node);
    }

    private void onConnection(Namespace chat, Socket socket) {
        ChatUser attached = socket.data(ChatUser.class);
        ChatUser user = attached != null ? attached : new ChatUser(socket.id());
        socket.data(user.withNode(nodeId)); // a recovered socket may come from another node
        socket.emit("welcome", new ChatAcks.Welcome(socket.id(), user.from(), user.from(), nodeId));
        if (socket.recovered()) {
            rejoin(socket);
        }
        socket.on("join", (s, args, ack) -> replyLater(ack, () -> join(s, requests.room(args))));
        socket.on("leave", (s, args, ack) -> replyLater(ack, () -> leave(s, requests.room(args))));
        socket.on("members", (s, args, ack) -> replyLater(ack, () -> members(s, requests.room(args))));
        socket.on("message", (s, args, ack) -> reply(ack, () -> message(chat, s, requests.message(args))));
        socket.on("echo", (s, args, ack) -> ack.send(args.toArray()));
        socket.on("cursor", (s, args, ack) -> reply(ack, () -> cursor(s, requests.cursor(args))));
    }

    /**
     * A recovered socket is back in its rooms (connection state recovery restored them) but its old node told them
     * it left: it is recorded and announced again here.
     */
    private void rejoin(Socket socket) {
        for (String room : java.util.List.copyOf(socket.rooms())) {
            if (!room.equals(socket.id())) {
                try {
                    presence.join(socket, room);
                } catch (RoomForbiddenException e) {
                    log.debug("recovered socket {} no longer allowed in {}", socket.id(), room);
                }
            }
        }
    }

    private CompletableFuture<Object> join(Socket socket, String room) {
        CompletableFuture<RoomMembers> joined;
        try {
            joined = presence.join(socket, room);
        } catch (RoomForbiddenException e) {
            throw new ChatRequests.Rejected(ChatError.forbidden(room)); // counted by the observer already
        }
        return joined.thenApply(ChatAcks.MembersAck::new);
    }

    private CompletableFuture<Object> leave(Socket socket, String room) {
        requireJoined(socket, room);
        return presence.leave(socket, room).thenApply(left -> new ChatAcks.RoomAck(room, left.size()));
    }

    private CompletableFuture<Object> members(Socket socket, String room) {
        requireJoined(socket, room);
        return presence.members(room).thenApply(ChatAcks.MembersAck::new);
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

    /** As {@link #reply}, for a request answered later (presence may ask Redis or the other nodes). */
    private static void replyLater(Ack ack, Supplier<CompletableFuture<Object>> request) {
        CompletableFuture<Object> result;
        try {
            result = request.get();
        } catch (ChatRequests.Rejected rejected) {
            ack.send(new ChatAcks.ErrorAck(rejected.error()));
            return;
        }
        result.whenComplete((value, error) -> {
            if (error != null) { // presence falls back to this node's members, so this is a bug
                log.warn("chat request failed", error);
                ack.send(new ChatAcks.ErrorAck(new ChatError("internal", "the server could not answer")));
            } else {
                ack.send(value);
            }
        });
    }
}

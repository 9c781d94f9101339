package io.roomcast.cluster.presence;

import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RoomForbiddenException;
import io.roomcast.socketio.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Cluster-wide presence for one namespace: joins and leaves made through it are recorded in a
 * {@link PresenceStore}, answered with the room's members on every node, and told to the room's other members
 * (cluster-wide, through the adapter) as a {@code presence} event carrying a {@link PresenceNotice}. A socket that
 * disconnects leaves every room it joined through this object, with one notice per room.
 *
 * <pre>{@code
 * Presence presence = new Presence(io.sockets(), RedisPresenceStore.connect(uri, RedisPresenceOptions.defaults()),
 *         socket -> new Member(socket.id(), userOf(socket), nodeId));
 * socket.on("join", String.class, (s, room, ack) ->
 *         presence.join(s, room).thenAccept(members -> ack.send(Map.of("size", members.size()))));
 * }</pre>
 *
 * <p>Rooms joined or left with {@link Socket#join}/{@link Socket#leave} directly are not tracked. When the store
 * fails (Redis down, a node not answering), the answer falls back to this node's members of the room, logged at
 * debug: presence degrades to one node, it never fails a join. Thread-safe.
 */
public final class Presence implements AutoCloseable {

    /** The event name of the notices. */
    public static final String DEFAULT_EVENT = "presence";

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final Namespace namespace;
    private final PresenceStore store;
    private final Function<Socket, Member> memberOf;
    private final String event;
    /** socket id -> the rooms it joined through this object (present from its first join to its disconnect). */
    private final Map<String, Set<String>> tracked = new ConcurrentHashMap<>();

    /**
     * @param memberOf the member a local socket stands for (called on join and on leave, so it must be stable
     *                 for a socket)
     */
    public Presence(Namespace namespace, PresenceStore store, Function<Socket, Member> memberOf) {
        this(namespace, store, memberOf, DEFAULT_EVENT);
    }

    public Presence(Namespace namespace, PresenceStore store, Function<Socket, Member> memberOf, String event) {
        this.namespace = Objects.requireNonNull(namespace, "namespace must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.memberOf = Objects.requireNonNull(memberOf, "memberOf must not be null");
        this.event = Objects.requireNonNull(event, "event must not be null");
        if (event.isEmpty()) {
            throw new IllegalArgumentException("event must not be empty");
        }
        store.onExpired(this::expired);
    }

    /**
     * Joins the socket to the room, records it and tells the room's other members ({@link PresenceChange#JOINED});
     * completes with the room's members, the joiner included. A socket already in the room changes nothing and
     * no notice goes out.
     *
     * @throws RoomForbiddenException (synchronously) when the namespace's room authorizer refuses the room
     */
    public CompletableFuture<RoomMembers> join(Socket socket, String room) {
        boolean already = socket.rooms().contains(room);
        socket.join(room);
        Member member = memberOf.apply(socket);
        if (!socket.connected()) { // join is a no-op then, and the disconnect that would untrack it has passed
            return members(room);
        }
        if (!track(socket).add(room) && already) {
            return members(room).thenApply(members -> including(members, member));
        }
        return store.add(namespace.name(), room, member)
                .handle((ok, error) -> {
                    if (error != null) {
                        log.debug("presence add to {} failed: {}", room, error.toString());
                    }
                    return null;
                })
                .thenCompose(added -> members(room))
                .thenApply(members -> {
                    RoomMembers result = including(members, member);
                    notify(socket, room, PresenceChange.JOINED, member, result.size());
                    return result;
                });
    }

    /**
     * Makes the socket leave the room, forgets it and tells the room's other members ({@link PresenceChange#LEFT});
     * completes with the room's members after the leave. A socket that was not in the room gets the members and no
     * notice goes out.
     */
    public CompletableFuture<RoomMembers> leave(Socket socket, String room) {
        boolean was = socket.rooms().contains(room);
        socket.leave(room);
        Set<String> rooms = tracked.get(socket.id());
        boolean wasTracked = rooms != null && rooms.remove(room);
        Member member = memberOf.apply(socket);
        if (!was && !wasTracked) {
            return members(room).thenApply(members -> excluding(members, member));
        }
        return removed(socket, room, member);
    }

    /** The room's members across the cluster (this node's only, when the store fails). */
    public CompletableFuture<RoomMembers> members(String room) {
        CompletableFuture<List<Member>> found;
        try {
            found = store.members(namespace.name(), room);
        } catch (RuntimeException e) {
            found = CompletableFuture.failedFuture(e);
        }
        return found.handle((members, error) -> {
            if (error != null) {
                log.debug("presence of room {} from this node only: {}", room, error.toString());
                return localMembers(room);
            }
            return new RoomMembers(room, members);
        });
    }

    /** Closes the store (which removes this node's entries where it can). */
    @Override
    public void close() {
        store.close();
    }

    private Set<String> track(Socket socket) {
        return tracked.computeIfAbsent(socket.id(), id -> {
            // registered once per socket: its rooms are captured before the disconnect takes them away
            socket.onDisconnecting((s, reason) -> disconnecting(s));
            return ConcurrentHashMap.newKeySet();
        });
    }

    private void disconnecting(Socket socket) {
        Set<String> rooms = tracked.remove(socket.id());
        if (rooms == null) {
            return;
        }
        Member member = memberOf.apply(socket);
        for (String room : rooms) {
            removed(socket, room, member).exceptionally(error -> {
                log.debug("presence leave of {} on disconnect failed: {}", room, error.toString());
                return null;
            });
        }
    }

    private CompletableFuture<RoomMembers> removed(Socket socket, String room, Member member) {
        return store.remove(namespace.name(), room, member)
                .handle((ok, error) -> {
                    if (error != null) {
                        log.debug("presence remove from {} failed: {}", room, error.toString());
                    }
                    return null;
                })
                .thenCompose(done -> members(room))
                .thenApply(members -> {
                    RoomMembers result = excluding(members, member);
                    notify(socket, room, PresenceChange.LEFT, member, result.size());
                    return result;
                });
    }

    /** A store told that a dead node's member vanished: tell the room (one node sends it). */
    private void expired(String namespaceName, String room, Member member) {
        if (!namespace.name().equals(namespaceName)) {
            return;
        }
        members(room).thenAccept(members -> {
            RoomMembers result = excluding(members, member);
            namespace.to(room).emit(event, new PresenceNotice(room, PresenceChange.LEFT, member, result.size()));
        }).exceptionally(error -> {
            log.warn("presence: telling room {} that {} left failed: {}", room, member.id(), error.toString());
            return null;
        });
    }

    private void notify(Socket socket, String room, PresenceChange change, Member member, int size) {
        socket.to(room).emit(event, new PresenceNotice(room, change, member, size));
    }

    private RoomMembers localMembers(String room) {
        Set<String> ids = namespace.localRooms().get(room);
        List<Member> members = new ArrayList<>();
        if (ids != null) {
            for (String id : ids) {
                Socket socket = namespace.sockets().get(id);
                if (socket != null) {
                    members.add(memberOf.apply(socket));
                }
            }
        }
        return new RoomMembers(room, members);
    }

    /** The store may not show a join yet (or show it twice): the answer has the joiner once. */
    private static RoomMembers including(RoomMembers members, Member member) {
        List<Member> list = new ArrayList<>(members.members());
        list.removeIf(m -> m.id().equals(member.id()));
        list.add(member);
        return new RoomMembers(members.room(), list);
    }

    /** The store may still show a leave (fetchSockets during a disconnect): the answer has the leaver no more. */
    private static RoomMembers excluding(RoomMembers members, Member member) {
        List<Member> list = new ArrayList<>(members.members());
        list.removeIf(m -> m.id().equals(member.id()));
        return new RoomMembers(members.room(), list);
    }
}

package io.roomcast.socketio;

/**
 * Decides whether a socket may join a room (Node has no such hook: there every {@code socket.join} succeeds).
 * Installed per namespace with {@link Namespace#authorizeJoins} (or for a family of dynamic namespaces with
 * {@link ParentNamespace#authorizeJoins}); the default allows every room.
 *
 * <p>Asked on every {@link Socket#join} of a connected socket, once per room, on the thread that called
 * {@code join} (usually the socket's event loop, inside an event listener): it must be cheap and must not block.
 * Not asked for joins the server makes on its own decision: {@link Namespace#socketsJoin} and
 * {@link BroadcastOperator#socketsJoin} (from this node or, through the adapter, from another one), a
 * {@link RemoteSocket#join} that another node sends for a socket of this node, connection state recovery restoring
 * a socket's rooms, and the socket's own id room. A local socket returned by {@code fetchSockets()} is the
 * {@link Socket} itself, so its {@code join} is asked.
 *
 * <p>A denied join joins none of the requested rooms and throws {@link RoomForbiddenException}; it is counted
 * with {@link SocketIoObserver#joinDenied}. An exception thrown by the authorizer propagates out of {@code join}
 * the same way, and nothing is joined.
 *
 * <pre>{@code
 * chat.authorizeJoins((socket, room) -> !room.startsWith("admin:") || socket.data(User.class).admin());
 * socket.on("join", (s, args, ack) -> {
 *     try {
 *         s.join((String) args.get(0));
 *     } catch (RoomForbiddenException e) {
 *         ack.send(Map.of("error", Map.of("code", "forbidden", "message", e.getMessage())));
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface RoomAuthorizer {

    /** Allows every room; the default of every namespace. */
    RoomAuthorizer ALLOW_ALL = (socket, room) -> true;

    /** Whether {@code socket} may join {@code room}; false makes {@code join} throw {@link RoomForbiddenException}. */
    boolean mayJoin(Socket socket, String room);
}

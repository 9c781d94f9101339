package io.roomcast.cluster.protocol;

import java.util.Objects;

/**
 * One {@code ClusterAdapter} message, {@code {type, data, uid, nsp}} (protocol §3.2), with its {@code data} as the
 * semantic type it stands for:
 * <ul>
 *   <li>{@link BroadcastMessage}: BROADCAST without {@code requestId};</li>
 *   <li>{@link Request}: BROADCAST with {@code requestId} ({@link Request.BroadcastWithAck}), SOCKETS_JOIN
 *       ({@link Request.RemoteJoin}), SOCKETS_LEAVE ({@link Request.RemoteLeave}), DISCONNECT_SOCKETS
 *       ({@link Request.RemoteDisconnect}), FETCH_SOCKETS ({@link Request.FetchSockets}), SERVER_SIDE_EMIT
 *       ({@link Request.ServerSideEmit});</li>
 *   <li>{@link Response}: FETCH_SOCKETS_RESPONSE ({@link Response.FetchSockets}), SERVER_SIDE_EMIT_RESPONSE
 *       ({@link Response.ServerSideEmit}), BROADCAST_CLIENT_COUNT ({@link Response.BroadcastClientCount}),
 *       BROADCAST_ACK ({@link Response.BroadcastAck}).</li>
 * </ul>
 *
 * @param uid  the sender's node uid (for a response, the responder's)
 * @param nsp  the namespace
 * @param body a {@link BroadcastMessage}, {@link Request} or {@link Response} as listed above
 */
public record ClusterMessage(String uid, String nsp, Object body) {

    public ClusterMessage {
        Objects.requireNonNull(uid, "uid must not be null");
        Objects.requireNonNull(nsp, "nsp must not be null");
        Objects.requireNonNull(body, "body must not be null");
        if (!(body instanceof BroadcastMessage || body instanceof Request || body instanceof Response)) {
            throw new IllegalArgumentException("body must be a BroadcastMessage, Request or Response, not "
                    + body.getClass().getName());
        }
    }

    /** The wire type of the body; throws for bodies the ClusterAdapter protocol has no type for. */
    public ClusterMessageType type() {
        return typeOf(body);
    }

    /** The wire type of a body; {@link IllegalArgumentException} for the classic-only requests and responses. */
    public static ClusterMessageType typeOf(Object body) {
        if (body instanceof BroadcastMessage || body instanceof Request.BroadcastWithAck) {
            return ClusterMessageType.BROADCAST;
        }
        if (body instanceof Request.RemoteJoin) {
            return ClusterMessageType.SOCKETS_JOIN;
        }
        if (body instanceof Request.RemoteLeave) {
            return ClusterMessageType.SOCKETS_LEAVE;
        }
        if (body instanceof Request.RemoteDisconnect) {
            return ClusterMessageType.DISCONNECT_SOCKETS;
        }
        if (body instanceof Request.FetchSockets) {
            return ClusterMessageType.FETCH_SOCKETS;
        }
        if (body instanceof Request.ServerSideEmit) {
            return ClusterMessageType.SERVER_SIDE_EMIT;
        }
        if (body instanceof Response.FetchSockets) {
            return ClusterMessageType.FETCH_SOCKETS_RESPONSE;
        }
        if (body instanceof Response.ServerSideEmit) {
            return ClusterMessageType.SERVER_SIDE_EMIT_RESPONSE;
        }
        if (body instanceof Response.BroadcastClientCount) {
            return ClusterMessageType.BROADCAST_CLIENT_COUNT;
        }
        if (body instanceof Response.BroadcastAck) {
            return ClusterMessageType.BROADCAST_ACK;
        }
        throw new IllegalArgumentException("the ClusterAdapter protocol has no message for "
                + body.getClass().getSimpleName());
    }
}

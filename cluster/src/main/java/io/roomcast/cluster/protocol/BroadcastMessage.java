package io.roomcast.cluster.protocol;

import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketType;

import java.util.Objects;

/**
 * A broadcast published on {@code key#nsp#} or {@code key#nsp#room#}: the MessagePack array
 * {@code [uid, packet, opts]} of {@code lib/index.ts:630} (protocol §2.4, emitter §5.1).
 *
 * @param uid    the publishing node, or {@code "emitter"} for {@code @socket.io/redis-emitter}
 * @param packet an {@link PacketType#EVENT} whose data is {@code [event, ...args]}, binary values as {@code byte[]};
 *               its namespace is the wire {@code nsp} ({@code /} when an old emitter left it out)
 * @param opts   rooms, except and flags
 */
public record BroadcastMessage(String uid, Packet packet, WireOptions opts) {

    public BroadcastMessage {
        Objects.requireNonNull(uid, "uid must not be null");
        Objects.requireNonNull(packet, "packet must not be null");
        Objects.requireNonNull(opts, "opts must not be null");
        if (packet.type() != PacketType.EVENT && packet.type() != PacketType.BINARY_EVENT) {
            throw new IllegalArgumentException("a broadcast carries an EVENT packet, not " + packet.type());
        }
    }
}

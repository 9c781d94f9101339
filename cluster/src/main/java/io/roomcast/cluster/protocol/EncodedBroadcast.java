package io.roomcast.cluster.protocol;

import io.roomcast.socketio.protocol.EncodedPacket;

import java.util.Objects;

/**
 * A broadcast received from another node with its packet already encoded for the clients
 * ({@link MessageCodec#decodeEncodedBroadcast}): the one set of frames every local receiver gets, made straight from
 * the MessagePack tree, without Java values in between (protocol §2.4).
 *
 * @param uid    the publishing node, or {@code "emitter"}
 * @param nsp    the wire {@code nsp} ({@code /} when an old emitter left it out); the frames are encoded for it
 * @param event  the event name, {@code data[0]}
 * @param opts   rooms, except and flags
 * @param frames the EVENT (or BINARY_EVENT with attachments) as written to every receiving socket
 */
public record EncodedBroadcast(String uid, String nsp, String event, WireOptions opts, EncodedPacket frames) {

    public EncodedBroadcast {
        Objects.requireNonNull(uid, "uid must not be null");
        Objects.requireNonNull(nsp, "nsp must not be null");
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(opts, "opts must not be null");
        Objects.requireNonNull(frames, "frames must not be null");
    }
}

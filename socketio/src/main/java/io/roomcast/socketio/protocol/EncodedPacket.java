package io.roomcast.socketio.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A packet as Engine.IO messages: one text frame, then one binary frame per attachment. Encoded once and written
 * unchanged to every receiving socket of a broadcast.
 *
 * @param text        the Socket.IO packet string (without the Engine.IO {@code 4} prefix)
 * @param attachments binary attachments in placeholder order; must not be mutated
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

    public EncodedPacket {
        Objects.requireNonNull(text, "text must not be null");
        attachments = List.copyOf(attachments);
    }
}

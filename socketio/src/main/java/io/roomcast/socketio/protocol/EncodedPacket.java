package io.roomcast.socketio.protocol;

import io.roomcast.engine.PreparedMessage;
import java.util.List;
import java.util.Objects;

/**
 * A packet as Engine.IO messages: one text frame, then one binary frame per attachment. Encoded once and written
 * unchanged to every receiving socket of a broadcast; the text is a {@link PreparedMessage}, so its WebSocket frame
 * is built once too.
 *
 * @param message     the Socket.IO packet string (without the Engine.IO {@code 4} prefix)
 * @param attachments binary attachments in placeholder order; must not be mutated
 */
public record EncodedPacket(PreparedMessage message, List<byte[]> attachments) {

    public EncodedPacket {
        Objects.requireNonNull(message, "message must not be null");
        attachments = List.copyOf(attachments);
    }

    public EncodedPacket(String text, List<byte[]> attachments) {
        this(PreparedMessage.of(text), attachments);
    }

    /** The Socket.IO packet string. */
    public String text() {
        return message.text();
    }
}

package io.roomcast.socketio.protocol;

/**
 * Decodes the Engine.IO messages of one connection into packets. Stateful (binary packets span several messages),
 * so use one instance per connection, from one thread at a time.
 */
public final class PacketDecoder {

    /** Decodes a text message; returns the packet, or null when binary attachments must follow. */
    public Packet add(String text) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Takes one binary attachment; returns the packet once the last attachment arrived, else null. */
    public Packet add(byte[] data) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}

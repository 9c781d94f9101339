package io.roomcast.socketio.protocol;

/** Turns packets into Engine.IO messages; thread-safe and stateless. */
public final class PacketEncoder {

    public EncodedPacket encode(Packet packet) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}

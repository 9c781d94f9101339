package io.roomcast.socketio.protocol;

import io.roomcast.socketio.SocketIoException;

/** Input that is not a valid Socket.IO v5 packet; the server answers it by closing the Engine.IO session. */
public class MalformedPacketException extends SocketIoException {

    public MalformedPacketException(String message) {
        super(message);
    }

    public MalformedPacketException(String message, Throwable cause) {
        super(message, cause);
    }
}

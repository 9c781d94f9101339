package io.roomcast.socketio;

/**
 * A {@link Socket#join} that the namespace's {@link RoomAuthorizer} refused: the socket joined none of the rooms
 * it asked for. Carries no stack trace: a denial is an answer to a client, not a bug.
 */
public class RoomForbiddenException extends SocketIoException {

    private final String room;

    public RoomForbiddenException(String room) {
        super("not allowed to join room " + room, null, false, false);
        this.room = room;
    }

    /** The (first) room that was refused. */
    public String room() {
        return room;
    }
}

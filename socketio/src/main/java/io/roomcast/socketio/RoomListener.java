package io.roomcast.socketio;

/**
 * Told when a local socket joins or leaves a room (Node's adapter events {@code "join-room"} and
 * {@code "leave-room"}); see {@link Namespace#onJoinRoom} and {@link Namespace#onLeaveRoom}. Called on the thread
 * that changed the membership, outside the adapter's locks; must be cheap and must not throw.
 */
@FunctionalInterface
public interface RoomListener {

    void onRoom(String room, String socketId);
}

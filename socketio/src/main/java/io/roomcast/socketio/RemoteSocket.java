package io.roomcast.socketio;

import java.util.Map;
import java.util.Set;

/**
 * A socket as {@code fetchSockets()} returns it: local or, with a cluster adapter, on another node (Node's
 * {@code RemoteSocket}). Operations on a remote one go through the adapter.
 */
public interface RemoteSocket {

    String id();

    Handshake handshake();

    Set<String> rooms();

    Map<String, Object> data();

    void emit(String event, Object... args);

    void join(String... rooms);

    void leave(String... rooms);

    void disconnect(boolean close);
}

package io.roomcast.socketio;

import java.util.Set;

/**
 * A socket as {@code fetchSockets()} returns it: local or, with a cluster adapter, on another node (Node's
 * {@code RemoteSocket}). Operations on a remote one travel to its node through the adapter.
 */
public interface RemoteSocket {

    String id();

    Handshake handshake();

    Set<String> rooms();

    /**
     * The application's attachment (Node's {@code socket.data}): the object set with {@link Socket#data(Object)}, or
     * for a socket of another node its JSON form ({@code Map}, {@code List}, ...); null when none was set.
     */
    Object data();

    /**
     * {@link #data()} as {@code type}: the attachment itself when it is one, else converted with Jackson (the form a
     * socket of another node arrives in). Null when none was set.
     *
     * @throws IllegalArgumentException when it does not convert
     */
    <T> T data(Class<T> type);

    void emit(String event, Object... args);

    void join(String... rooms);

    void leave(String... rooms);

    /** Leaves the namespace; with {@code close} the client's whole connection is closed. */
    void disconnect(boolean close);
}

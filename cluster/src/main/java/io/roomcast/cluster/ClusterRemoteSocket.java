package io.roomcast.cluster;

import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.RemoteSocket;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A socket of another node, as {@code fetchSockets()} found it (Node's {@code RemoteSocket}). Its details are a
 * snapshot; its operations travel to the owning node through the adapter, as broadcasts and requests that target
 * the room named after the socket id.
 */
final class ClusterRemoteSocket implements RemoteSocket {

    private final ClusterAdapter adapter;
    private final String id;
    private final Handshake handshake;
    private final Set<String> rooms;
    private final Object data;

    ClusterRemoteSocket(ClusterAdapter adapter, String id, Handshake handshake, Set<String> rooms, Object data) {
        this.adapter = Objects.requireNonNull(adapter, "adapter must not be null");
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.handshake = Objects.requireNonNull(handshake, "handshake must not be null");
        this.rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
        this.data = data;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    /** The rooms when the socket was fetched. */
    @Override
    public Set<String> rooms() {
        return rooms;
    }

    /** {@code socket.data} when the socket was fetched, in its JSON form ({@code Map}, {@code List}, ...). */
    @Override
    public Object data() {
        return data;
    }

    @Override
    public <T> T data(Class<T> type) {
        return data == null || type.isInstance(data) ? type.cast(data)
                : adapter.context().objectMapper().convertValue(data, type);
    }

    @Override
    public void emit(String event, Object... args) {
        self().emit(event, args);
    }

    @Override
    public void join(String... rooms) {
        self().socketsJoin(rooms);
    }

    @Override
    public void leave(String... rooms) {
        self().socketsLeave(rooms);
    }

    @Override
    public void disconnect(boolean close) {
        self().disconnectSockets(close);
    }

    private BroadcastOperator self() {
        return new BroadcastOperator(adapter).to(id);
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + id + "]";
    }
}

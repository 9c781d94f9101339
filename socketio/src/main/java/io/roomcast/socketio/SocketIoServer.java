package io.roomcast.socketio;

import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineSession;
import io.roomcast.socketio.internal.ClientConnection;
import io.roomcast.socketio.internal.LocalNamespace;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Socket.IO server (Node's {@code Server}). Hand it to the Engine.IO server as its {@link EngineHandler}; it
 * turns Engine.IO sessions into namespace sockets. Thread-safe.
 *
 * <p>Threading: every listener (middleware, connection, event, ack, disconnect) runs on the event loop of the
 * client's Engine.IO session; never block there (hand blocking work to another executor and answer later: acks,
 * {@link Next} and emits may be called from any thread). Futures of {@code emitWithAck} complete on the session's
 * loop, or on a timer thread for broadcast timeouts.
 */
public final class SocketIoServer implements EngineHandler {

    private final SocketIoOptions options;
    private final ConcurrentMap<String, LocalNamespace> namespaces = new ConcurrentHashMap<>();
    /** Socket.IO side of each open Engine.IO session, by session id. */
    private final ConcurrentMap<String, ClientConnection> clients = new ConcurrentHashMap<>();

    public SocketIoServer(SocketIoOptions options) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        of("/");
    }

    public SocketIoOptions options() {
        return options;
    }

    /** The namespace with this name, created on first use (Node's {@code io.of(name)}); a missing slash is added. */
    public Namespace of(String name) {
        String normalized = normalize(name);
        return namespaces.computeIfAbsent(normalized, n -> new LocalNamespace(n, options.adapterFactory(), options.observer()));
    }

    /** The main namespace {@code /}. */
    public Namespace sockets() {
        return of("/");
    }

    /** An existing namespace only. */
    public Optional<Namespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(normalize(name)));
    }

    /**
     * Disconnects every socket with reason {@code "server shutting down"} and closes the adapters (Node's
     * {@code io.close()} before the engine closes). The Engine.IO server closes the sessions itself.
     */
    public void close() {
        for (ClientConnection client : clients.values()) {
            client.closeForShutdown();
        }
        for (LocalNamespace nsp : namespaces.values()) {
            nsp.adapter().close();
        }
    }

    @Override
    public void onOpen(EngineSession session) {
        ClientConnection client = new ClientConnection(session, name -> Optional.ofNullable(namespaces.get(name)),
                options.observer());
        clients.put(session.id(), client);
        client.start(options.connectTimeout());
    }

    @Override
    public void onMessage(EngineSession session, String text) {
        ClientConnection client = clients.get(session.id());
        if (client != null) {
            client.onMessage(text);
        }
    }

    @Override
    public void onMessage(EngineSession session, byte[] data) {
        ClientConnection client = clients.get(session.id());
        if (client != null) {
            client.onMessage(data);
        }
    }

    @Override
    public void onClose(EngineSession session, String reason) {
        ClientConnection client = clients.remove(session.id());
        if (client != null) {
            client.onClose(reason);
        }
    }

    private static String normalize(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return name.startsWith("/") ? name : "/" + name;
    }
}

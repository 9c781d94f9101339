package io.roomcast.socketio.internal;

import io.roomcast.engine.DisconnectReason;
import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineSession;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.ParentNamespace;
import io.roomcast.socketio.SocketIoOptions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The Socket.IO layer (Node's {@code Server} without the HTTP part): the Engine.IO handler that turns sessions into
 * namespace sockets, and the namespaces, static and dynamic. {@link io.roomcast.socketio.RoomcastServer} owns one.
 * Thread-safe.
 */
public final class SocketIoServer implements EngineHandler {

    private final SocketIoOptions options;
    private final ConcurrentMap<String, LocalNamespace> namespaces = new ConcurrentHashMap<>();
    private final List<LocalParentNamespace> parents = new CopyOnWriteArrayList<>();
    /** Socket.IO side of each open Engine.IO session, by session id. */
    private final ConcurrentMap<String, ClientConnection> clients = new ConcurrentHashMap<>();

    private final List<java.util.function.Consumer<Namespace>> newNamespaceListeners = new CopyOnWriteArrayList<>();

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
        LocalNamespace existing = namespaces.get(normalized);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        LocalNamespace nsp = namespaces.computeIfAbsent(normalized, n -> {
            created[0] = true;
            return new LocalNamespace(n, options, null, this::removeChild);
        });
        if (created[0]) {
            announce(nsp);
        }
        return nsp;
    }

    /** The namespaces that exist now. */
    public java.util.Collection<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /** Told about each namespace created from now on (Node's {@code "new_namespace"}). */
    public void onNewNamespace(java.util.function.Consumer<Namespace> listener) {
        newNamespaceListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    private void announce(LocalNamespace nsp) {
        for (var listener : newNamespaceListeners) {
            listener.accept(nsp);
        }
    }

    /** The main namespace {@code /}. */
    public Namespace sockets() {
        return of("/");
    }

    /** A dynamic family of namespaces (Node's {@code io.of(regex)} / {@code io.of(fn)}). */
    public ParentNamespace of(Predicate<String> matcher) {
        LocalParentNamespace parent = new LocalParentNamespace(parents.size(), Objects.requireNonNull(matcher,
                "matcher must not be null"));
        parents.add(parent);
        return parent;
    }

    /** An existing namespace only. */
    public Optional<Namespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(normalize(name)));
    }

    /** The namespace a client asks for: an existing one, or a new child of the first parent that accepts the name. */
    private Optional<LocalNamespace> lookup(String name) {
        LocalNamespace existing = namespaces.get(name);
        if (existing != null) {
            return Optional.of(existing);
        }
        for (LocalParentNamespace parent : parents) {
            if (parent.accepts(name)) {
                boolean[] created = new boolean[1];
                LocalNamespace nsp = namespaces.computeIfAbsent(name, n -> {
                    created[0] = true;
                    LocalNamespace child = new LocalNamespace(n, options, parent, this::removeChild);
                    parent.addChild(child);
                    return child;
                });
                if (created[0]) {
                    announce(nsp);
                }
                return Optional.of(nsp);
            }
        }
        return Optional.empty();
    }

    /** A child namespace lost its last socket (Node's {@code cleanupEmptyChildNamespaces}). */
    private void removeChild(LocalNamespace child) {
        if (options.cleanupEmptyChildNamespaces() && child.parent() != null && namespaces.remove(child.name(), child)) {
            child.parent().removeChild(child);
            child.adapter().close();
        }
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
        ClientConnection client = new ClientConnection(session, this::lookup, options.observer(),
                options.eventLimits());
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
    public void onUpgrade(EngineSession session) {
        ClientConnection client = clients.get(session.id());
        if (client != null) {
            client.onUpgrade();
        }
    }

    @Override
    public void onClose(EngineSession session, DisconnectReason reason) {
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

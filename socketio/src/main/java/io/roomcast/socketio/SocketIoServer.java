package io.roomcast.socketio;

import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineSession;
import io.roomcast.socketio.internal.LocalNamespace;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Socket.IO server (Node's {@code Server}). Hand it to the Engine.IO server as its {@link EngineHandler}; it
 * turns Engine.IO sessions into namespace sockets. Thread-safe.
 */
public final class SocketIoServer implements EngineHandler {

    private final SocketIoOptions options;
    private final ConcurrentMap<String, LocalNamespace> namespaces = new ConcurrentHashMap<>();

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
        return namespaces.computeIfAbsent(normalized, n -> new LocalNamespace(n, options.adapterFactory()));
    }

    /** The main namespace {@code /}. */
    public Namespace sockets() {
        return of("/");
    }

    /** An existing namespace only. */
    public Optional<Namespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(normalize(name)));
    }

    @Override
    public void onOpen(EngineSession session) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void onMessage(EngineSession session, String text) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void onMessage(EngineSession session, byte[] data) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void onClose(EngineSession session, String reason) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    private static String normalize(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return name.startsWith("/") ? name : "/" + name;
    }
}

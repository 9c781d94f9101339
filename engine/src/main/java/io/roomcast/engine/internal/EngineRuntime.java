package io.roomcast.engine.internal;

import io.roomcast.engine.EngineHandler;
import io.roomcast.engine.EngineObserver;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.HandshakeRequest;
import io.roomcast.engine.HttpFallback;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** What every connection of one server shares: options, handler, fallback and the live sessions by sid. */
public final class EngineRuntime {

    private final EngineOptions options;
    private final EngineHandler handler;
    private final HttpFallback fallback;
    private final Map<String, EngineSocket> sessions = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;
    private volatile Predicate<HandshakeRequest> allowRequest = request -> true;
    private volatile EngineObserver observer = EngineObserver.NONE;
    private final AddressLimits addressLimits;

    public EngineRuntime(EngineOptions options, EngineHandler handler, HttpFallback fallback) {
        this.options = options;
        this.handler = handler;
        this.fallback = fallback;
        this.addressLimits = new AddressLimits(options.maxConnectionsPerAddress());
    }

    public EngineOptions options() {
        return options;
    }

    EngineHandler handler() {
        return handler;
    }

    HttpFallback fallback() {
        return fallback;
    }

    public void allowRequest(Predicate<HandshakeRequest> check) {
        this.allowRequest = check;
    }

    public void observer(EngineObserver observer) {
        this.observer = observer;
    }

    public EngineObserver observer() {
        return observer;
    }

    boolean allows(HandshakeRequest request) {
        return allowRequest.test(request);
    }

    public boolean accepting() {
        return accepting;
    }

    public void stopAccepting() {
        accepting = false;
    }

    public int sessionCount() {
        return sessions.size();
    }

    public Collection<EngineSocket> sessions() {
        return List.copyOf(sessions.values());
    }

    EngineSocket session(String sid) {
        return sessions.get(sid);
    }

    void add(EngineSocket socket) {
        sessions.put(socket.id(), socket);
    }

    void remove(EngineSocket socket) {
        if (sessions.remove(socket.id(), socket)) {
            releaseAddress(socket.request());
        }
    }

    /** Takes one of the handshake's remote address's {@code maxConnectionsPerAddress} slots; false when none is left. */
    boolean reserveAddress(HandshakeRequest request) {
        return addressLimits.tryReserve(address(request));
    }

    /** Gives back a slot of {@link #reserveAddress} whose session never opened (or has closed). */
    void releaseAddress(HandshakeRequest request) {
        addressLimits.release(address(request));
    }

    int sessionsFrom(java.net.InetAddress address) {
        return addressLimits.openFrom(address);
    }

    private static java.net.InetAddress address(HandshakeRequest request) {
        return request.remote() == null ? null : request.remote().getAddress();
    }
}

package io.roomcast.spring;

import io.roomcast.socketio.Socket;

import java.security.Principal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Who each socket is, as its handshake proved: a middleware (the starter's JWT check, or the application's own)
 * calls {@link #set}, handlers take a {@link Principal} parameter or call {@link #of}. Kept beside the socket, not in
 * {@code socket.data}, which stays the application's; an entry goes with its socket.
 */
public final class SocketPrincipals {

    private final Map<Socket, Principal> principals = Collections.synchronizedMap(new WeakHashMap<>());

    public void set(Socket socket, Principal principal) {
        principals.put(Objects.requireNonNull(socket, "socket"), Objects.requireNonNull(principal, "principal"));
    }

    /** The socket's principal; empty when no middleware authenticated it. */
    public Optional<Principal> of(Socket socket) {
        return Optional.ofNullable(principals.get(socket));
    }
}

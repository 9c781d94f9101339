package io.roomcast.socketio;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a socket knew when it connected, as Node's {@code socket.handshake}.
 *
 * @param auth    the auth object of the client's CONNECT packet (empty when none)
 * @param headers request headers of the Engine.IO handshake, names lower-cased
 * @param query   decoded query parameters of the Engine.IO handshake
 * @param address the client's IP address
 * @param url     request URI with query string
 * @param issued  epoch millis of the namespace connection
 * @param secure  whether the connection used TLS
 * @param time    {@code issued} as JavaScript's {@code Date.toString()} renders it
 */
public record Handshake(Map<String, Object> auth, Map<String, List<String>> headers, Map<String, List<String>> query,
                        String address, String url, long issued, boolean secure, String time) {

    public Handshake {
        auth = auth == null || auth.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(auth));
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        Objects.requireNonNull(url, "url must not be null");
    }
}

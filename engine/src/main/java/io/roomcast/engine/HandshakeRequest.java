package io.roomcast.engine;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request that opened an Engine.IO session, as Socket.IO exposes it in {@code socket.handshake}.
 *
 * @param url     request URI with query string
 * @param headers request headers, names lower-cased
 * @param query   decoded query parameters
 * @param remote  peer address
 * @param secure  whether the connection used TLS
 * @param issued  epoch millis of the handshake
 */
public record HandshakeRequest(String url, Map<String, List<String>> headers, Map<String, List<String>> query,
                               InetSocketAddress remote, boolean secure, long issued) {

    public HandshakeRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /** First value of a header (name case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** First value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

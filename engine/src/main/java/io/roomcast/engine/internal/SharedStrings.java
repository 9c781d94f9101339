package io.roomcast.engine.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares what recurs across handshakes: header names, the values of headers that are the same for one kind of
 * client (host, upgrade, user-agent, ...), query parameter names and the Engine.IO parameters. Every session keeps
 * its handshake for {@code socket.handshake}, so 19k connections from one app would otherwise hold 19k copies of each.
 * Bounded: once full, new strings are kept unshared, so a client sending random names cannot make it grow.
 */
final class SharedStrings {

    private static final int MAX_ENTRIES = 4096;
    private static final int MAX_LENGTH = 512;
    /** Headers whose values repeat across clients; others (keys, cookies, tokens) are unique and not worth a slot. */
    private static final Set<String> SHARED_VALUE_HEADERS = Set.of("host", "connection", "upgrade",
            "sec-websocket-version", "sec-websocket-extensions", "user-agent", "accept", "accept-encoding",
            "accept-language", "origin", "pragma", "cache-control", "content-type", "x-forwarded-proto");
    private static final Set<String> SHARED_VALUE_PARAMETERS = Set.of("EIO", "transport");

    private final Map<String, List<String>> singletons = new ConcurrentHashMap<>();

    /** The header name lower-cased, shared. */
    String headerName(String name) {
        return share(name.toLowerCase(Locale.ROOT));
    }

    /** The values of one header or query parameter as an immutable list, shared where they repeat across clients. */
    List<String> headerValues(String lowerCaseName, List<String> values) {
        return SHARED_VALUE_HEADERS.contains(lowerCaseName) ? values(values) : List.copyOf(values);
    }

    List<String> parameterValues(String name, List<String> values) {
        return SHARED_VALUE_PARAMETERS.contains(name) ? values(values) : List.copyOf(values);
    }

    String share(String value) {
        return value.length() > MAX_LENGTH ? value : singleton(value).get(0);
    }

    private List<String> values(List<String> values) {
        return values.size() == 1 && values.get(0).length() <= MAX_LENGTH ? singleton(values.get(0))
                : List.copyOf(values);
    }

    private List<String> singleton(String value) {
        List<String> shared = singletons.get(value);
        if (shared != null) {
            return shared;
        }
        if (singletons.size() >= MAX_ENTRIES) {
            return List.of(value);
        }
        List<String> created = List.of(value);
        shared = singletons.putIfAbsent(value, created);
        return shared == null ? created : shared;
    }
}

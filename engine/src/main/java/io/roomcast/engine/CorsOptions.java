package io.roomcast.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CORS for the Engine.IO endpoint: Node socket.io's {@code cors} option, which hands these settings to the
 * {@code cors} npm package (2.8) in front of every Engine.IO request. Build it with {@link #allowAll()} or
 * {@link #origins(String...)} and refine it with the {@code withX} methods:
 *
 * <pre>{@code
 * EngineOptions.defaults().withCors(CorsOptions.origins("https://app.example").withCredentials(true))
 * }</pre>
 *
 * <p>Like the {@code cors} package: a preflight {@code OPTIONS} is answered {@link #optionsSuccessStatus} (204)
 * with {@code Access-Control-Allow-Methods}, {@code -Allow-Headers}, {@code -Max-Age}; every other response gets
 * {@code Access-Control-Allow-Origin} ({@code *}, or the request's origin when it is in the list, with
 * {@code Vary: Origin}), {@code -Allow-Credentials} and {@code -Expose-Headers}. Unlike Node, an allow-list is also
 * enforced: a request whose {@code Origin} is outside it is refused with 403 (a WebSocket upgrade before its 101), as
 * browsers do not apply CORS to WebSocket. Requests without {@code Origin} (non-browser clients) and same-origin
 * requests ({@code Origin} naming the request's {@code Host}, e.g. a page this server serves) are served.
 *
 * @param origin               {@code Set.of("*")} for any origin (Node {@code origin: "*"}), else the exact
 *                             origins allowed (Node {@code origin: [...]}), e.g. {@code https://app.example:8443}
 * @param methods              {@code Access-Control-Allow-Methods} of a preflight (Node {@code methods},
 *                             {@code GET,HEAD,PUT,PATCH,POST,DELETE})
 * @param allowedHeaders       {@code Access-Control-Allow-Headers} of a preflight; empty (the default) reflects the
 *                             request's {@code Access-Control-Request-Headers}, as Node does without
 *                             {@code allowedHeaders}
 * @param exposedHeaders       {@code Access-Control-Expose-Headers} (Node {@code exposedHeaders}); none by default
 * @param credentials          whether to send {@code Access-Control-Allow-Credentials: true} (Node
 *                             {@code credentials}, false). With {@code *} Node still sends {@code *}, which browsers
 *                             refuse for credentialed requests: list the origins instead
 * @param maxAge               {@code Access-Control-Max-Age} in whole seconds (Node {@code maxAge}); none by default
 * @param optionsSuccessStatus status of an answered preflight (Node {@code optionsSuccessStatus}, 204)
 */
public record CorsOptions(Set<String> origin, List<String> methods, Optional<List<String>> allowedHeaders,
                          List<String> exposedHeaders, boolean credentials, Optional<Duration> maxAge,
                          int optionsSuccessStatus) {

    /** The origin entry that allows any origin; it must stand alone. */
    public static final String ANY_ORIGIN = "*";
    /** The {@code cors} package's {@code methods} default. */
    public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");
    public static final boolean DEFAULT_CREDENTIALS = false;
    public static final int DEFAULT_OPTIONS_SUCCESS_STATUS = 204;

    /**
     * What a browser sends as {@code Origin}: scheme and authority, no path (so no trailing slash, a common mistake
     * that would never match), or {@code null} for opaque origins (sandboxed frames, {@code file:}).
     */
    private static final Pattern ORIGIN = Pattern.compile("null|[A-Za-z][A-Za-z0-9+.-]*://[^/\\s?#]+");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public CorsOptions {
        origin = Set.copyOf(Objects.requireNonNull(origin, "origin must not be null"));
        if (origin.isEmpty()) {
            throw new IllegalArgumentException("origin must not be empty");
        }
        if (origin.contains(ANY_ORIGIN)) {
            if (origin.size() > 1) {
                throw new IllegalArgumentException("origin '*' must stand alone: " + origin);
            }
        } else {
            for (String allowed : origin) {
                if (!ORIGIN.matcher(allowed).matches()) {
                    throw new IllegalArgumentException("origin must be scheme://host[:port] without path: '"
                            + allowed + "'");
                }
            }
        }
        methods = tokens(methods, "methods");
        Objects.requireNonNull(allowedHeaders, "allowedHeaders must not be null");
        allowedHeaders = allowedHeaders.map(headers -> tokens(headers, "allowedHeaders"));
        exposedHeaders = tokens(exposedHeaders, "exposedHeaders");
        Objects.requireNonNull(maxAge, "maxAge must not be null");
        maxAge.ifPresent(age -> {
            if (age.isNegative() || age.getNano() != 0) {
                throw new IllegalArgumentException("maxAge must be whole seconds >= 0: " + age);
            }
        });
        if (optionsSuccessStatus < 200 || optionsSuccessStatus > 299) {
            throw new IllegalArgumentException("optionsSuccessStatus must be 2xx: " + optionsSuccessStatus);
        }
    }

    /** Any origin ({@code Access-Control-Allow-Origin: *}), as Node's {@code cors: {origin: "*"}}. */
    public static CorsOptions allowAll() {
        return of(Set.of(ANY_ORIGIN));
    }

    /** Only these exact origins, as Node's {@code cors: {origin: ["https://a.example", ...]}}. */
    public static CorsOptions origins(String... origins) {
        return of(Set.of(origins));
    }

    /** Only these exact origins, or any with the single entry {@code "*"}. */
    public static CorsOptions of(Set<String> origins) {
        return new CorsOptions(origins, DEFAULT_METHODS, Optional.empty(), List.of(), DEFAULT_CREDENTIALS,
                Optional.empty(), DEFAULT_OPTIONS_SUCCESS_STATUS);
    }

    /** Whether any origin is allowed ({@code *}). */
    public boolean allowsAnyOrigin() {
        return origin.contains(ANY_ORIGIN);
    }

    /** Whether a request with this {@code Origin} header is allowed; exact, case-sensitive match as in Node. */
    public boolean allowsOrigin(String requestOrigin) {
        return allowsAnyOrigin() || (requestOrigin != null && origin.contains(requestOrigin));
    }

    public CorsOptions withOrigin(Set<String> origin) {
        return new CorsOptions(origin, methods, allowedHeaders, exposedHeaders, credentials, maxAge,
                optionsSuccessStatus);
    }

    public CorsOptions withMethods(String... methods) {
        return new CorsOptions(origin, List.of(methods), allowedHeaders, exposedHeaders, credentials, maxAge,
                optionsSuccessStatus);
    }

    /** Fixed {@code Access-Control-Allow-Headers} instead of reflecting the request's. */
    public CorsOptions withAllowedHeaders(String... allowedHeaders) {
        return new CorsOptions(origin, methods, Optional.of(List.of(allowedHeaders)), exposedHeaders, credentials,
                maxAge, optionsSuccessStatus);
    }

    public CorsOptions withExposedHeaders(String... exposedHeaders) {
        return new CorsOptions(origin, methods, allowedHeaders, List.of(exposedHeaders), credentials, maxAge,
                optionsSuccessStatus);
    }

    public CorsOptions withCredentials(boolean credentials) {
        return new CorsOptions(origin, methods, allowedHeaders, exposedHeaders, credentials, maxAge,
                optionsSuccessStatus);
    }

    public CorsOptions withMaxAge(Duration maxAge) {
        return new CorsOptions(origin, methods, allowedHeaders, exposedHeaders, credentials,
                Optional.of(Objects.requireNonNull(maxAge, "maxAge must not be null")), optionsSuccessStatus);
    }

    public CorsOptions withOptionsSuccessStatus(int optionsSuccessStatus) {
        return new CorsOptions(origin, methods, allowedHeaders, exposedHeaders, credentials, maxAge,
                optionsSuccessStatus);
    }

    private static List<String> tokens(List<String> values, String name) {
        List<String> copy = List.copyOf(Objects.requireNonNull(values, name + " must not be null"));
        for (String value : copy) {
            if (!TOKEN.matcher(value).matches()) {
                throw new IllegalArgumentException(name + " must be HTTP tokens: " + Arrays.toString(
                        copy.toArray()));
            }
        }
        return copy;
    }
}

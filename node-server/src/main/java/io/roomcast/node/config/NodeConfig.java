package io.roomcast.node.config;

import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.engine.CorsOptions;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.NettyTuning;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.limits.RateLimit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything a socket node needs to start, validated. Built by {@link EnvConfigLoader} from the environment, or in
 * code by tests. Each record checks its own invariants in its compact constructor and throws
 * {@link IllegalArgumentException}; the loader checks the same rules first so it can report them all at once.
 *
 * @param nodeId        name of this node in logs, metrics and the cluster ({@code NODE_ID})
 * @param server        listening sockets
 * @param cluster       the adapter ({@code ADAPTER}) and its Redis settings; {@code memory} is a single node
 * @param auth          JWT authentication of the {@code /} namespace
 * @param protocol      Engine.IO and Socket.IO protocol settings
 * @param chat          limits of the chat application
 * @param shutdownGrace time budget on SIGTERM for sessions to leave ({@code SHUTDOWN_GRACE})
 * @param logLevel      root log level ({@code LOG_LEVEL})
 * @param metrics       what {@code /metrics} reports
 * @param recovery      connection state recovery ({@code RECOVERY_*}); refused with the classic Redis adapter
 * @param drainSpread   window over which a drain is to spread its session closes ({@code DRAIN_SPREAD}), at most
 *                      {@code shutdownGrace}
 * @param rateLimits    limits on client events and on connections per IP ({@code RATE_LIMIT_*},
 *                      {@code MAX_CONNECTIONS_PER_IP}); off by default
 */
public record NodeConfig(String nodeId, Server server, Cluster cluster, Auth auth, Protocol protocol, Chat chat,
                         Duration shutdownGrace, LogLevel logLevel, Metrics metrics, Recovery recovery,
                         Duration drainSpread, RateLimits rateLimits, AdminUi adminUi) {

    /** {@code DRAIN_SPREAD} when unset (lowered to {@code SHUTDOWN_GRACE} when that is shorter). */
    public static final Duration DEFAULT_DRAIN_SPREAD = Duration.ofSeconds(5);

    public NodeConfig {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId must not be blank");
        }
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(metrics, "metrics");
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must be >= 0");
        }
        Objects.requireNonNull(recovery, "recovery");
        if (recovery.enabled() && !cluster.adapter().supportsRecovery()) {
            throw new IllegalArgumentException("connection state recovery needs the redis-streams or the memory "
                    + "adapter, not " + cluster.adapter().configName());
        }
        if (drainSpread == null || drainSpread.isNegative()) {
            throw new IllegalArgumentException("drainSpread must be >= 0");
        }
        if (drainSpread.compareTo(shutdownGrace) > 0) {
            throw new IllegalArgumentException("drainSpread must be <= shutdownGrace");
        }
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(adminUi, "adminUi");
    }

    /** A configuration without the Admin UI. */
    public NodeConfig(String nodeId, Server server, Cluster cluster, Auth auth, Protocol protocol, Chat chat,
                      Duration shutdownGrace, LogLevel logLevel, Metrics metrics, Recovery recovery,
                      Duration drainSpread, RateLimits rateLimits) {
        this(nodeId, server, cluster, auth, protocol, chat, shutdownGrace, logLevel, metrics, recovery, drainSpread,
                rateLimits, AdminUi.off());
    }

    /** This configuration with other Admin UI settings. */
    public NodeConfig withAdminUi(AdminUi adminUi) {
        return new NodeConfig(nodeId, server, cluster, auth, protocol, chat, shutdownGrace, logLevel, metrics,
                recovery, drainSpread, rateLimits, adminUi);
    }

    /** A configuration without rate limits. */
    public NodeConfig(String nodeId, Server server, Cluster cluster, Auth auth, Protocol protocol, Chat chat,
                      Duration shutdownGrace, LogLevel logLevel, Metrics metrics, Recovery recovery,
                      Duration drainSpread) {
        this(nodeId, server, cluster, auth, protocol, chat, shutdownGrace, logLevel, metrics, recovery, drainSpread,
                RateLimits.off());
    }

    /** This configuration with other rate limits. */
    public NodeConfig withRateLimits(RateLimits rateLimits) {
        return new NodeConfig(nodeId, server, cluster, auth, protocol, chat, shutdownGrace, logLevel, metrics,
                recovery, drainSpread, rateLimits, adminUi);
    }

    /** A configuration without connection state recovery and the default drain spread. */
    public NodeConfig(String nodeId, Server server, Cluster cluster, Auth auth, Protocol protocol, Chat chat,
                      Duration shutdownGrace, LogLevel logLevel, Metrics metrics) {
        this(nodeId, server, cluster, auth, protocol, chat, shutdownGrace, logLevel, metrics, Recovery.off(),
                defaultDrainSpread(shutdownGrace));
    }

    /** A configuration with the default {@link Metrics}. */
    public NodeConfig(String nodeId, Server server, Cluster cluster, Auth auth, Protocol protocol, Chat chat,
                      Duration shutdownGrace, LogLevel logLevel) {
        this(nodeId, server, cluster, auth, protocol, chat, shutdownGrace, logLevel, Metrics.defaults());
    }

    /** {@link #DEFAULT_DRAIN_SPREAD}, lowered to {@code shutdownGrace} when that is shorter. */
    public static Duration defaultDrainSpread(Duration shutdownGrace) {
        return shutdownGrace == null || DEFAULT_DRAIN_SPREAD.compareTo(shutdownGrace) <= 0 ? DEFAULT_DRAIN_SPREAD
                : shutdownGrace;
    }

    /** The Engine.IO options for the client port. */
    public EngineOptions toEngineOptions() {
        return protocol.toEngineOptions().withMaxConnectionsPerAddress(rateLimits.maxConnectionsPerIp());
    }

    /**
     * Listening sockets.
     *
     * @param host           bind address of the client port ({@code HOST})
     * @param port           client port: Socket.IO and the demo page ({@code PORT})
     * @param managementPort health and metrics port ({@code MANAGEMENT_PORT}), never the client port
     * @param tuning         event-loop threads and transport of the client port ({@code WORKER_THREADS},
     *                       {@code NATIVE_TRANSPORT}, {@code NETTY_TRANSPORT})
     */
    public record Server(String host, int port, int managementPort, NettyTuning tuning) {
        public static final String DEFAULT_HOST = "0.0.0.0";
        public static final int DEFAULT_PORT = 3000;
        public static final int DEFAULT_MANAGEMENT_PORT = 9091;

        public Server {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            requirePort(port, "port");
            requirePort(managementPort, "managementPort");
            // Port 0 (pick a free port, used by tests) may appear twice; any fixed port may not.
            if (port != 0 && port == managementPort) {
                throw new IllegalArgumentException("managementPort must differ from port");
            }
            Objects.requireNonNull(tuning, "tuning");
        }

        /** Listening sockets with Netty's defaults ({@link NettyTuning#defaults()}). */
        public Server(String host, int port, int managementPort) {
            this(host, port, managementPort, NettyTuning.defaults());
        }

        private static void requirePort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535");
            }
        }
    }

    /**
     * Cluster settings.
     *
     * @param redisUrls  where Redis is ({@code REDIS_URL}): empty means a single node; one {@code redis://} or
     *                   {@code rediss://} URL in standalone mode, one {@code redis-sentinel://} URL in sentinel mode,
     *                   one or more seed nodes ({@code redis://} or {@code rediss://}) in cluster mode
     * @param redisMode  the Redis topology ({@code REDIS_MODE})
     * @param adapterKey channel prefix ({@code ADAPTER_KEY}), as {@code key} of Node's redis adapter
     * @param requestsTimeout how long cross-node requests wait for every node ({@code REQUESTS_TIMEOUT})
     * @param adapter    which adapter runs ({@code ADAPTER}); the Redis ones need {@code redisUrls}
     * @param streamMaxLen how many entries the Redis stream keeps ({@code STREAM_MAXLEN}, {@code MAXLEN ~}); only
     *                   read by the {@code redis-streams} adapter
     * @param subscriptionMode which channels a node subscribes ({@code SUBSCRIPTION_MODE}); one of
     *                   {@link AdapterKind#subscriptionModes()} of {@code adapter}
     * @param maxPublishBytes largest message the adapter publishes ({@code REDIS_MAX_PUBLISH_BYTES},
     *                   {@code maxPublishBytes} of the adapter options)
     * @param readinessRequiresRedis whether {@code /health/ready} fails while Redis is down or stalled
     *                   ({@code READINESS_REQUIRES_REDIS}); else the {@code redis} check only reports
     */
    public record Cluster(List<URI> redisUrls, RedisMode redisMode, String adapterKey, Duration requestsTimeout,
                          AdapterKind adapter, int streamMaxLen, SubscriptionMode subscriptionMode,
                          int maxPublishBytes, boolean readinessRequiresRedis, RedisTls tls) {
        public static final String DEFAULT_ADAPTER_KEY = "socket.io";
        public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
        /** As {@code maxLen} of Node's {@code @socket.io/redis-streams-adapter} and {@code StreamsAdapterOptions}. */
        public static final int DEFAULT_STREAM_MAX_LEN = 10_000;
        public static final String SENTINEL_SCHEME = "redis-sentinel";
        /** {@code AdapterOptions.DEFAULT_MAX_PUBLISH_BYTES}: 8 MiB. */
        public static final int DEFAULT_MAX_PUBLISH_BYTES =
                io.roomcast.cluster.AdapterOptions.DEFAULT_MAX_PUBLISH_BYTES;
        /** A Redis outage hits every node at once: by default it does not take the whole fleet out of rotation. */
        public static final boolean DEFAULT_READINESS_REQUIRES_REDIS = false;

        public Cluster {
            redisUrls = List.copyOf(Objects.requireNonNull(redisUrls, "redisUrls"));
            Objects.requireNonNull(redisMode, "redisMode");
            if (redisMode != RedisMode.CLUSTER && redisUrls.size() > 1) {
                throw new IllegalArgumentException("only REDIS_MODE cluster takes several redisUrls");
            }
            for (URI url : redisUrls) {
                if (redisMode == RedisMode.SENTINEL) {
                    requireSentinelUrl(url);
                } else {
                    requireRedisUrl(url);
                }
            }
            if (adapterKey == null || adapterKey.isBlank()) {
                throw new IllegalArgumentException("adapterKey must not be blank");
            }
            if (requestsTimeout == null || requestsTimeout.isNegative() || requestsTimeout.isZero()) {
                throw new IllegalArgumentException("requestsTimeout must be > 0");
            }
            Objects.requireNonNull(adapter, "adapter");
            if (adapter.usesRedis() && redisUrls.isEmpty()) {
                throw new IllegalArgumentException("adapter " + adapter.configName() + " needs a redisUrl");
            }
            if (adapter == AdapterKind.REDIS_STREAMS && redisMode == RedisMode.CLUSTER) {
                throw new IllegalArgumentException("the redis-streams adapter does not run on a Redis Cluster");
            }
            if (streamMaxLen <= 0) {
                throw new IllegalArgumentException("streamMaxLen must be > 0");
            }
            Objects.requireNonNull(subscriptionMode, "subscriptionMode");
            if (!adapter.subscriptionModes().contains(subscriptionMode)) {
                throw new IllegalArgumentException("adapter " + adapter.configName() + " does not support "
                        + "subscription mode " + subscriptionMode.wireName());
            }
            if (maxPublishBytes <= 0) {
                throw new IllegalArgumentException("maxPublishBytes must be > 0");
            }
            Objects.requireNonNull(tls, "tls");
            if (tls.configured() && !redisUrls.stream().allMatch(url -> "rediss".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException("TLS files need rediss:// redisUrls");
            }
        }

        /** With the default publish size bound, readiness that does not require Redis, and no TLS files. */
        public Cluster(List<URI> redisUrls, RedisMode redisMode, String adapterKey, Duration requestsTimeout,
                       AdapterKind adapter, int streamMaxLen, SubscriptionMode subscriptionMode) {
            this(redisUrls, redisMode, adapterKey, requestsTimeout, adapter, streamMaxLen, subscriptionMode,
                    DEFAULT_MAX_PUBLISH_BYTES, DEFAULT_READINESS_REQUIRES_REDIS, RedisTls.NONE);
        }

        /**
         * One Redis (standalone, or sentinel for a {@code redis-sentinel://} URL), the adapter's default
         * subscription mode.
         */
        public Cluster(Optional<URI> redisUrl, String adapterKey, Duration requestsTimeout, AdapterKind adapter,
                       int streamMaxLen) {
            this(redisUrl.map(List::of).orElse(List.of()), redisUrl.map(Cluster::modeOf).orElse(RedisMode.STANDALONE),
                    adapterKey, requestsTimeout, adapter, streamMaxLen, adapter.defaultSubscriptionMode());
        }

        /** The default adapter: classic Redis with a URL, in memory without. */
        public Cluster(Optional<URI> redisUrl, String adapterKey, Duration requestsTimeout) {
            this(redisUrl, adapterKey, requestsTimeout, defaultAdapter(redisUrl.isPresent()), DEFAULT_STREAM_MAX_LEN);
        }

        public static Cluster singleNode() {
            return new Cluster(Optional.empty(), DEFAULT_ADAPTER_KEY, DEFAULT_REQUESTS_TIMEOUT);
        }

        /** {@code ADAPTER} when unset: {@code redis} with {@code REDIS_URL}, {@code memory} without. */
        public static AdapterKind defaultAdapter(boolean redisUrlSet) {
            return redisUrlSet ? AdapterKind.REDIS : AdapterKind.MEMORY;
        }

        /** {@code REDIS_MODE} when unset: {@code sentinel} for a {@code redis-sentinel://} URL, else standalone. */
        public static RedisMode modeOf(URI url) {
            return SENTINEL_SCHEME.equalsIgnoreCase(url.getScheme()) ? RedisMode.SENTINEL : RedisMode.STANDALONE;
        }

        /** The first (in standalone and sentinel mode the only) URL of {@link #redisUrls()}. */
        public Optional<URI> redisUrl() {
            return redisUrls.stream().findFirst();
        }

        /** Whether the node joins a cluster through Redis. */
        public boolean clustered() {
            return adapter.usesRedis();
        }

        static void requireRedisUrl(URI url) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw new IllegalArgumentException("redisUrl must use redis:// or rediss://");
            }
            if (url.getHost() == null || url.getHost().isEmpty()) {
                throw new IllegalArgumentException("redisUrl must name a host");
            }
        }

        static void requireSentinelUrl(URI url) {
            if (!SENTINEL_SCHEME.equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("a sentinel redisUrl must use redis-sentinel://");
            }
            if (url.getRawAuthority() == null || url.getRawAuthority().isEmpty()) {
                throw new IllegalArgumentException("a sentinel redisUrl must name at least one sentinel");
            }
            if (url.getFragment() == null || url.getFragment().isBlank()) {
                throw new IllegalArgumentException("a sentinel redisUrl must name the master after '#'");
            }
        }

        /** Scheme, hosts and ports: a URL may carry a password. */
        static String describe(URI url) {
            String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
            String hosts = authority.substring(authority.lastIndexOf('@') + 1);
            return url.getScheme() + "://" + hosts + (url.getFragment() == null ? "" : "#" + url.getFragment());
        }

        @Override
        public String toString() {
            String where = redisUrls.isEmpty() ? "none"
                    : redisUrls.stream().map(Cluster::describe).collect(Collectors.joining(","));
            return "Cluster[adapter=" + adapter.configName() + ", redisMode=" + redisMode.configName()
                    + ", redisUrl=" + where + ", adapterKey=" + adapterKey
                    + ", requestsTimeout=" + requestsTimeout
                    + (adapter == AdapterKind.REDIS_STREAMS ? ", streamMaxLen=" + streamMaxLen : "")
                    + (adapter == AdapterKind.REDIS_SHARDED || adapter == AdapterKind.REDIS ? ", subscriptionMode=" + subscriptionMode.wireName() : "")
                    + "]";
        }
    }

    /**
     * JWT authentication of the {@code /} namespace.
     *
     * @param jwtSecret HS256 secret ({@code JWT_SECRET}); empty means no authentication
     * @param required  refuse to run without a secret ({@code AUTH_REQUIRED})
     */
    public record Auth(Optional<String> jwtSecret, boolean required) {
        /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output. */
        public static final int MIN_SECRET_BYTES = 32;

        public Auth {
            Objects.requireNonNull(jwtSecret, "jwtSecret");
            jwtSecret.ifPresent(s -> {
                if (s.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                    throw new IllegalArgumentException("jwtSecret must be at least " + MIN_SECRET_BYTES + " bytes");
                }
            });
            if (required && jwtSecret.isEmpty()) {
                throw new IllegalArgumentException("auth is required but no jwtSecret is set");
            }
        }

        public static Auth none() {
            return new Auth(Optional.empty(), false);
        }

        /** Whether clients must present a JWT. */
        public boolean enabled() {
            return jwtSecret.isPresent();
        }

        @Override
        public String toString() {
            return "Auth[jwtSecret=" + (jwtSecret.isPresent() ? "<set>" : "<unset>") + ", required=" + required + "]";
        }
    }

    /**
     * Engine.IO and Socket.IO protocol settings; defaults mirror Node's socket.io 4.
     *
     * @param maxPayload     largest message or HTTP body in bytes ({@code MAX_PAYLOAD}), advertised to clients
     * @param maxBufferedBytes how much may wait for one slow client before its session is closed with
     *                       {@code "write buffer full"} ({@code MAX_BUFFERED_BYTES}); at least {@code maxPayload}
     * @param pingInterval   heartbeat interval ({@code PING_INTERVAL})
     * @param pingTimeout    how long a pong may take ({@code PING_TIMEOUT})
     * @param connectTimeout how long a client may take to join a namespace ({@code CONNECT_TIMEOUT}); for
     *                       the Socket.IO layer's options
     * @param transports     transports offered ({@code TRANSPORTS})
     * @param cors           CORS of the Socket.IO path ({@code CORS_ORIGINS}, {@code CORS_CREDENTIALS}); empty
     *                       means none, Node's default
     * @param httpRequestTimeout how long a client may take to send a whole HTTP request on the client port
     *                       ({@code HTTP_REQUEST_TIMEOUT}); the engine's {@code httpRequestTimeout}
     */
    public record Protocol(int maxPayload, long maxBufferedBytes, Duration pingInterval, Duration pingTimeout,
                           Duration connectTimeout, Set<Transport> transports, Optional<CorsOptions> cors,
                           Duration httpRequestTimeout) {
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);

        public Protocol {
            if (maxPayload <= 0) {
                throw new IllegalArgumentException("maxPayload must be > 0");
            }
            if (maxBufferedBytes < maxPayload) {
                throw new IllegalArgumentException("maxBufferedBytes must be >= maxPayload");
            }
            requirePositive(pingInterval, "pingInterval");
            requirePositive(pingTimeout, "pingTimeout");
            requirePositive(connectTimeout, "connectTimeout");
            if (transports == null || transports.isEmpty()) {
                throw new IllegalArgumentException("transports must not be empty");
            }
            transports = Set.copyOf(EnumSet.copyOf(transports));
            Objects.requireNonNull(cors, "cors");
            requirePositive(httpRequestTimeout, "httpRequestTimeout");
        }

        /** Protocol settings with the engine's default {@link EngineOptions#DEFAULT_HTTP_REQUEST_TIMEOUT}. */
        public Protocol(int maxPayload, long maxBufferedBytes, Duration pingInterval, Duration pingTimeout,
                        Duration connectTimeout, Set<Transport> transports, Optional<CorsOptions> cors) {
            this(maxPayload, maxBufferedBytes, pingInterval, pingTimeout, connectTimeout, transports, cors,
                    EngineOptions.DEFAULT_HTTP_REQUEST_TIMEOUT);
        }

        public Protocol withHttpRequestTimeout(Duration httpRequestTimeout) {
            return new Protocol(maxPayload, maxBufferedBytes, pingInterval, pingTimeout, connectTimeout, transports,
                    cors, httpRequestTimeout);
        }

        /**
         * Protocol settings without CORS, buffering {@link EngineOptions#DEFAULT_MAX_BUFFERED_BYTES} per client (or
         * {@code maxPayload} if that is larger), as the engine does.
         */
        public Protocol(int maxPayload, Duration pingInterval, Duration pingTimeout, Duration connectTimeout,
                        Set<Transport> transports) {
            this(maxPayload, defaultMaxBufferedBytes(maxPayload), pingInterval, pingTimeout, connectTimeout,
                    transports, Optional.empty());
        }

        /** {@link EngineOptions#DEFAULT_MAX_BUFFERED_BYTES}, raised to {@code maxPayload} if that is larger. */
        public static long defaultMaxBufferedBytes(int maxPayload) {
            return Math.max(EngineOptions.DEFAULT_MAX_BUFFERED_BYTES, maxPayload);
        }

        public static Protocol defaults() {
            return new Protocol(EngineOptions.DEFAULT_MAX_PAYLOAD, EngineOptions.DEFAULT_PING_INTERVAL,
                    EngineOptions.DEFAULT_PING_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, EnumSet.allOf(Transport.class));
        }

        /** Engine.IO options: these values plus the engine's defaults for path and upgrade timeout. */
        public EngineOptions toEngineOptions() {
            Set<String> names = transports.stream().map(Transport::wireName).collect(Collectors.toSet());
            EngineOptions options = new EngineOptions(EngineOptions.DEFAULT_PATH, pingInterval, pingTimeout,
                    EngineOptions.DEFAULT_UPGRADE_TIMEOUT, maxPayload, names).withMaxBufferedBytes(maxBufferedBytes)
                    .withHttpRequestTimeout(httpRequestTimeout);
            return cors.map(options::withCors).orElse(options);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0");
            }
        }
    }

    /**
     * Settings of the chat application.
     *
     * @param maxMessageLength longest message text in characters ({@code MAX_MESSAGE_LENGTH})
     * @param presence         where room sizes and member lists come from ({@code PRESENCE})
     * @param presenceTtl      with {@code PRESENCE=redis}: within how long a dead node's members vanish
     *                         ({@code PRESENCE_TTL})
     */
    public record Chat(int maxMessageLength, PresenceMode presence, Duration presenceTtl) {
        public static final int DEFAULT_MAX_MESSAGE_LENGTH = 2000;
        public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(15);

        public Chat {
            if (maxMessageLength <= 0) {
                throw new IllegalArgumentException("maxMessageLength must be > 0");
            }
            Objects.requireNonNull(presence, "presence");
            Objects.requireNonNull(presenceTtl, "presenceTtl");
        }

        /** Local presence (a single node). */
        public Chat(int maxMessageLength) {
            this(maxMessageLength, PresenceMode.LOCAL, DEFAULT_PRESENCE_TTL);
        }
    }

    /**
     * What {@code /metrics} reports.
     *
     * @param events event names that get their own {@code event} tag value ({@code METRICS_EVENTS}); every other
     *               event is counted as {@code other}, so clients cannot create unbounded series
     */
    public record Metrics(Set<String> events) {
        public static final Set<String> DEFAULT_EVENTS = Set.of("join", "leave", "message", "echo", "welcome");
        /** The tag value of events outside the allow-list. */
        public static final String OTHER_EVENT = "other";

        public Metrics {
            events = Set.copyOf(Objects.requireNonNull(events, "events"));
            for (String event : events) {
                if (event.isBlank() || event.length() > 64) {
                    throw new IllegalArgumentException("metrics event names must be 1 to 64 characters: " + event);
                }
            }
        }

        public static Metrics defaults() {
            return new Metrics(DEFAULT_EVENTS);
        }
    }

    /**
     * Connection state recovery (Node's {@code connectionStateRecovery}).
     *
     * @param maxDisconnection how long a disconnected session is kept ({@code RECOVERY_MAX_DISCONNECTION}); empty
     *                         means recovery is off
     * @param skipMiddlewares  whether a recovered socket skips the namespace middlewares
     *                         ({@code RECOVERY_SKIP_MIDDLEWARES}); its private id is then a bearer secret for
     *                         {@code maxDisconnection}
     */
    public record Recovery(Optional<Duration> maxDisconnection, boolean skipMiddlewares) {
        public static final boolean DEFAULT_SKIP_MIDDLEWARES = true;

        public Recovery {
            Objects.requireNonNull(maxDisconnection, "maxDisconnection");
            maxDisconnection.ifPresent(d -> {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("maxDisconnection must be > 0");
                }
            });
        }

        public static Recovery off() {
            return new Recovery(Optional.empty(), DEFAULT_SKIP_MIDDLEWARES);
        }

        public boolean enabled() {
            return maxDisconnection.isPresent();
        }

        /** The library option for {@code RoomcastServer.Builder.connectionStateRecovery}; empty when off. */
        public Optional<ConnectionStateRecovery> toConnectionStateRecovery() {
            return maxDisconnection.map(d -> new ConnectionStateRecovery(d, skipMiddlewares));
        }
    }

    /**
     * Rate limits (Roomcast only: Node's socket.io has none).
     *
     * @param events              a token bucket on the events of one connection ({@code RATE_LIMIT_EVENTS}); empty:
     *                            none
     * @param userEvents          the budget of one user over all its connections, cluster-wide with Redis
     *                            ({@code RATE_LIMIT_USER_EVENTS}); its burst is its rate; empty: none
     * @param disconnectAfter     refusals after which a connection is closed ({@code RATE_LIMIT_DISCONNECT_AFTER});
     *                            empty: never
     * @param maxConnectionsPerIp open sessions per remote address ({@code MAX_CONNECTIONS_PER_IP}); 0: no limit
     */
    public record RateLimits(Optional<RateLimit> events, Optional<RateLimit> userEvents,
                             Optional<RateLimit> disconnectAfter, int maxConnectionsPerIp) {

        public RateLimits {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(userEvents, "userEvents");
            Objects.requireNonNull(disconnectAfter, "disconnectAfter");
            userEvents.ifPresent(limit -> {
                if (limit.burst() != limit.events()) {
                    throw new IllegalArgumentException("userEvents takes no burst (at most N within any period)");
                }
            });
            if (maxConnectionsPerIp < 0) {
                throw new IllegalArgumentException("maxConnectionsPerIp must be >= 0");
            }
        }

        /** No limit; flooders (were there a limit) closed after the library's default. */
        public static RateLimits off() {
            return new RateLimits(Optional.empty(), Optional.empty(),
                    Optional.of(io.roomcast.socketio.limits.EventLimits.DEFAULT_DISCONNECT_AFTER), 0);
        }

        public RateLimits withEvents(RateLimit limit) {
            return new RateLimits(Optional.of(limit), userEvents, disconnectAfter, maxConnectionsPerIp);
        }

        public RateLimits withUserEvents(RateLimit limit) {
            return new RateLimits(events, Optional.of(limit), disconnectAfter, maxConnectionsPerIp);
        }

        public RateLimits withDisconnectAfter(Optional<RateLimit> refusals) {
            return new RateLimits(events, userEvents, refusals, maxConnectionsPerIp);
        }

        public RateLimits withMaxConnectionsPerIp(int max) {
            return new RateLimits(events, userEvents, disconnectAfter, max);
        }
    }

    /**
     * The Socket.IO Admin UI ({@code ADMIN_*}): the {@code @socket.io/admin-ui} protocol on the client port, the UI
     * itself on the management port at {@code /admin/}.
     *
     * @param enabled       {@code ADMIN_UI}
     * @param auth          {@code ADMIN_AUTH} with {@code ADMIN_USERNAME} and {@code ADMIN_PASSWORD_HASH}; empty
     *                      when the UI is off
     * @param mode          {@code ADMIN_MODE}
     * @param readonly      {@code ADMIN_READONLY}
     * @param namespaceName {@code ADMIN_NAMESPACE}
     */
    public record AdminUi(boolean enabled, Optional<io.roomcast.admin.AdminAuth> auth,
                          io.roomcast.admin.AdminMode mode, boolean readonly, String namespaceName) {

        public AdminUi {
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(namespaceName, "namespaceName");
            if (enabled && auth.isEmpty()) {
                throw new IllegalArgumentException("the Admin UI needs an authentication (or AdminAuth.none())");
            }
        }

        /** The Admin UI off (the default). */
        public static AdminUi off() {
            return new AdminUi(false, Optional.empty(), io.roomcast.admin.AdminMode.DEVELOPMENT, false,
                    io.roomcast.admin.AdminUiOptions.DEFAULT_NAMESPACE_NAME);
        }

        /** The Admin UI on with this authentication and Node's other defaults. */
        public static AdminUi on(io.roomcast.admin.AdminAuth auth) {
            return new AdminUi(true, Optional.of(auth), io.roomcast.admin.AdminMode.DEVELOPMENT, false,
                    io.roomcast.admin.AdminUiOptions.DEFAULT_NAMESPACE_NAME);
        }
    }
}

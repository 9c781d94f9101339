package io.roomcast.node.config;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.engine.CorsOptions;
import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.NettyTransport;
import io.roomcast.engine.NettyTuning;
import io.roomcast.socketio.limits.EventLimits;
import io.roomcast.socketio.limits.RateLimit;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.roomcast.node.config.ConfigVariable.*;

/**
 * Reads {@link NodeConfig} from environment variables (see {@link ConfigVariable}). Every variable is checked before
 * anything fails, and all problems are reported in one {@link ConfigException}. A variable set to an empty or blank
 * value counts as unset, as container runtimes often pass {@code FOO=} for "not configured".
 */
public final class EnvConfigLoader {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern NODE_ID_CHARS = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private EnvConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Reads the process environment. */
    public static NodeConfig fromSystemEnv() {
        return load(System.getenv());
    }

    /**
     * Builds the configuration from {@code env}; variables not listed in {@link ConfigVariable} are ignored.
     *
     * @throws ConfigException listing every invalid variable
     */
    public static NodeConfig load(Map<String, String> env) {
        return new EnvConfigLoader(env).load();
    }

    private NodeConfig load() {
        int problemsBeforePorts = problems.size();
        int port = port(PORT, NodeConfig.Server.DEFAULT_PORT);
        String host = text(HOST, NodeConfig.Server.DEFAULT_HOST);
        int managementPort = port(MANAGEMENT_PORT, NodeConfig.Server.DEFAULT_MANAGEMENT_PORT);
        if (problems.size() == problemsBeforePorts && port == managementPort) {
            problems.add("MANAGEMENT_PORT must differ from PORT (both are " + port + ")");
        }
        String nodeId = nodeId();
        RedisMode redisMode = redisMode();
        List<URI> redisUrls = redisUrls(redisMode);
        AdapterKind adapter = adapter();
        if (adapter == AdapterKind.REDIS_STREAMS && redisMode == RedisMode.CLUSTER) {
            problems.add("ADAPTER=redis-streams does not run with REDIS_MODE=cluster (its stream is one key, and "
                    + "its reader and session commands need one Redis): use REDIS_MODE=standalone or sentinel, or "
                    + "ADAPTER=redis or redis-sharded on a Redis Cluster");
        }
        SubscriptionMode subscriptionMode = subscriptionMode(adapter);
        RedisTls redisTls = redisTls(redisUrls);
        String adapterKey = text(ADAPTER_KEY, NodeConfig.Cluster.DEFAULT_ADAPTER_KEY);
        int maxPublishBytes = positiveInt(REDIS_MAX_PUBLISH_BYTES, NodeConfig.Cluster.DEFAULT_MAX_PUBLISH_BYTES);
        boolean readinessRequiresRedis = bool(READINESS_REQUIRES_REDIS,
                NodeConfig.Cluster.DEFAULT_READINESS_REQUIRES_REDIS);
        Duration requestsTimeout = duration(REQUESTS_TIMEOUT, NodeConfig.Cluster.DEFAULT_REQUESTS_TIMEOUT, false);
        int streamMaxLen = positiveInt(STREAM_MAXLEN, NodeConfig.Cluster.DEFAULT_STREAM_MAX_LEN);
        NodeConfig.Recovery recovery = recovery(adapter);
        Optional<String> jwtSecret = jwtSecret();
        boolean authRequired = bool(AUTH_REQUIRED, false);
        if (authRequired && jwtSecret.isEmpty()) {
            problems.add("AUTH_REQUIRED=true requires JWT_SECRET");
        }
        int problemsBeforePayload = problems.size();
        int maxPayload = positiveInt(MAX_PAYLOAD, EngineOptions.DEFAULT_MAX_PAYLOAD);
        long maxBufferedBytes = maxBufferedBytes(maxPayload, problems.size() == problemsBeforePayload);
        int maxMessageLength = positiveInt(MAX_MESSAGE_LENGTH, NodeConfig.Chat.DEFAULT_MAX_MESSAGE_LENGTH);
        PresenceMode presence = presence(adapter, redisMode);
        Duration presenceTtl = duration(PRESENCE_TTL, NodeConfig.Chat.DEFAULT_PRESENCE_TTL, false);
        if (presenceTtl != null && presenceTtl.compareTo(io.roomcast.cluster.presence.RedisPresenceOptions.MIN_TTL) < 0) {
            problems.add("PRESENCE_TTL must be at least "
                    + io.roomcast.cluster.presence.RedisPresenceOptions.MIN_TTL.toMillis() + "ms, got " + presenceTtl);
        }
        NodeConfig.RateLimits rateLimits = rateLimits();
        Duration pingInterval = duration(PING_INTERVAL, EngineOptions.DEFAULT_PING_INTERVAL, false);
        Duration pingTimeout = duration(PING_TIMEOUT, EngineOptions.DEFAULT_PING_TIMEOUT, false);
        Duration connectTimeout = duration(CONNECT_TIMEOUT, NodeConfig.Protocol.DEFAULT_CONNECT_TIMEOUT, false);
        Duration httpRequestTimeout = duration(HTTP_REQUEST_TIMEOUT, EngineOptions.DEFAULT_HTTP_REQUEST_TIMEOUT, false);
        Set<Transport> transports = transports();
        Optional<CorsOptions> cors = cors();
        Set<String> metricsEvents = metricsEvents();
        NettyTuning tuning = NettyTuning.defaults()
                .withWorkerThreads(nonNegativeInt(WORKER_THREADS, NettyTuning.DEFAULT_WORKER_THREADS))
                .withTransport(parse(NETTY_TRANSPORT, NettyTuning.DEFAULT_TRANSPORT,
                        "auto, io_uring, epoll or nio", NettyTransport::parse))
                .withNativeTransport(bool(NATIVE_TRANSPORT, NettyTuning.DEFAULT_NATIVE_TRANSPORT));
        int problemsBeforeGrace = problems.size();
        Duration shutdownGrace = duration(SHUTDOWN_GRACE, Duration.ofSeconds(30), true);
        Duration drainSpread = drainSpread(shutdownGrace, problems.size() == problemsBeforeGrace);
        LogLevel logLevel = enumValue(LOG_LEVEL, LogLevel.class, LogLevel.INFO);
        NodeConfig.AdminUi adminUi = adminUi();

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new NodeConfig(nodeId,
                new NodeConfig.Server(host, port, managementPort, tuning),
                new NodeConfig.Cluster(redisUrls, redisMode, adapterKey, requestsTimeout, adapter, streamMaxLen,
                        subscriptionMode, maxPublishBytes, readinessRequiresRedis, redisTls),
                new NodeConfig.Auth(jwtSecret, authRequired),
                new NodeConfig.Protocol(maxPayload, maxBufferedBytes, pingInterval, pingTimeout, connectTimeout,
                        transports, cors, httpRequestTimeout),
                new NodeConfig.Chat(maxMessageLength, presence, presenceTtl),
                shutdownGrace, logLevel, new NodeConfig.Metrics(metricsEvents), recovery, drainSpread, rateLimits,
                adminUi);
    }

    /**
     * ADMIN_UI and the ADMIN_* variables. As Node's {@code instrument()}, there is no default authentication: on,
     * the UI needs ADMIN_USERNAME and a bcrypt ADMIN_PASSWORD_HASH, or an explicit ADMIN_AUTH=none.
     */
    private NodeConfig.AdminUi adminUi() {
        boolean enabled = bool(ADMIN_UI, false);
        String authKind = text(ADMIN_AUTH, "basic").toLowerCase(Locale.ROOT);
        io.roomcast.admin.AdminMode mode = parse(ADMIN_MODE, io.roomcast.admin.AdminMode.DEVELOPMENT,
                "development or production", io.roomcast.admin.AdminMode::of);
        boolean readonly = bool(ADMIN_READONLY, false);
        String namespace = parse(ADMIN_NAMESPACE, io.roomcast.admin.AdminUiOptions.DEFAULT_NAMESPACE_NAME,
                "a namespace name starting with / (not /)", raw -> raw.startsWith("/") && raw.length() > 1 ? raw : null);
        if (!authKind.equals("basic") && !authKind.equals("none")) {
            problems.add("ADMIN_AUTH must be basic or none (got " + quote(authKind) + ")");
            return NodeConfig.AdminUi.off();
        }
        if (!enabled) {
            return NodeConfig.AdminUi.off();
        }
        Optional<String> username = value(ADMIN_USERNAME);
        Optional<String> hash = value(ADMIN_PASSWORD_HASH);
        io.roomcast.admin.AdminAuth auth;
        if (authKind.equals("none")) {
            auth = io.roomcast.admin.AdminAuth.none();
        } else if (username.isEmpty() || hash.isEmpty()) {
            problems.add("ADMIN_UI=true needs ADMIN_USERNAME and ADMIN_PASSWORD_HASH (a bcrypt hash, e.g. from "
                    + "`htpasswd -nbBC 10 admin PASSWORD`), or ADMIN_AUTH=none to run the Admin UI without "
                    + "authentication");
            return NodeConfig.AdminUi.off();
        } else {
            try {
                auth = io.roomcast.admin.AdminAuth.basic(username.get(), hash.get());
            } catch (IllegalArgumentException e) {
                problems.add("ADMIN_PASSWORD_HASH must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters; "
                        + "in a shell or .env file, quote it so that the $ stay)");
                return NodeConfig.AdminUi.off();
            }
        }
        return new NodeConfig.AdminUi(true, Optional.of(auth), mode, readonly, namespace);
    }

    /**
     * REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE: readable files, the certificate with its key,
     * and only for {@code rediss://} URLs (a plain connection would ignore them silently).
     */
    private RedisTls redisTls(List<URI> redisUrls) {
        Optional<Path> ca = readableFile(REDIS_TLS_CA_FILE);
        Optional<Path> certificate = readableFile(REDIS_TLS_CERT_FILE);
        Optional<Path> key = readableFile(REDIS_TLS_KEY_FILE);
        boolean set = ca.isPresent() || certificate.isPresent() || key.isPresent();
        if (certificate.isPresent() != key.isPresent()) {
            problems.add("REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE go together: set both or neither");
            return RedisTls.NONE;
        }
        if (set && (redisUrls.isEmpty()
                || !redisUrls.stream().allMatch(url -> "rediss".equalsIgnoreCase(url.getScheme())))) {
            problems.add("REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE need REDIS_URL with "
                    + "rediss:// (TLS), in standalone or cluster mode");
            return RedisTls.NONE;
        }
        return new RedisTls(ca, certificate, key);
    }

    private Optional<Path> readableFile(ConfigVariable variable) {
        Optional<String> raw = value(variable);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(raw.get());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(variable + " must name a readable file: " + raw.get());
            return Optional.empty();
        }
        return Optional.of(file);
    }

    // ---- one parser per kind of value; each records a problem and returns the default when the value is bad ----

    private Optional<String> value(ConfigVariable variable) {
        String raw = env.get(variable.name());
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
    }

    private <T> T parse(ConfigVariable variable, T fallback, String expectation, Function<String, T> parser) {
        Optional<String> raw = value(variable);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            T parsed = parser.apply(raw.get());
            if (parsed != null) {
                return parsed;
            }
        } catch (RuntimeException e) {
            // fall through: reported below
        }
        problems.add(variable.name() + " must be " + expectation + " (got " + quote(raw.get()) + ")");
        return fallback;
    }

    private String text(ConfigVariable variable, String fallback) {
        return value(variable).orElse(fallback);
    }

    private int port(ConfigVariable variable, int fallback) {
        return parse(variable, fallback, "a number between 1 and 65535", raw -> {
            int port = Integer.parseInt(raw);
            return port >= 1 && port <= 65535 ? port : null;
        });
    }

    private int positiveInt(ConfigVariable variable, int fallback) {
        return parse(variable, fallback, "a whole number between 1 and " + Integer.MAX_VALUE, raw -> {
            int n = Integer.parseInt(raw);
            return n > 0 ? n : null;
        });
    }

    private int nonNegativeInt(ConfigVariable variable, int fallback) {
        return parse(variable, fallback, "a whole number between 0 and " + Integer.MAX_VALUE, raw -> {
            int n = Integer.parseInt(raw);
            return n >= 0 ? n : null;
        });
    }

    /**
     * MAX_BUFFERED_BYTES, at least MAX_PAYLOAD (checked only when MAX_PAYLOAD itself was valid); unset, the engine's
     * default raised to MAX_PAYLOAD, so a large MAX_PAYLOAD alone still starts.
     */
    private long maxBufferedBytes(int maxPayload, boolean maxPayloadValid) {
        long fallback = NodeConfig.Protocol.defaultMaxBufferedBytes(maxPayload);
        long bytes = parse(MAX_BUFFERED_BYTES, fallback, "a whole number of bytes between 1 and " + Long.MAX_VALUE,
                raw -> {
                    long n = Long.parseLong(raw);
                    return n > 0 ? n : null;
                });
        if (maxPayloadValid && bytes < maxPayload) {
            problems.add("MAX_BUFFERED_BYTES must be at least MAX_PAYLOAD (" + maxPayload + ") (got "
                    + quote(value(MAX_BUFFERED_BYTES).orElseThrow()) + ")");
            return fallback;
        }
        return bytes;
    }

    private boolean bool(ConfigVariable variable, boolean fallback) {
        return parse(variable, fallback, "true or false", raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> null;
        });
    }

    private Duration duration(ConfigVariable variable, Duration fallback, boolean zeroAllowed) {
        String expectation = (zeroAllowed ? "a duration" : "a positive duration") + " like 250ms, 5s, 2m or PT5S";
        return parse(variable, fallback, expectation, raw -> {
            Duration d = parseDuration(raw);
            return d.isNegative() || (d.isZero() && !zeroAllowed) ? null : d;
        });
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or an ISO-8601 duration ({@code PT5S}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Duration parseDuration(String raw) {
        Matcher m = SHORT_DURATION.matcher(raw.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: " + raw, e);
        }
    }

    private <E extends Enum<E>> E enumValue(ConfigVariable variable, Class<E> type, E fallback) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        return parse(variable, fallback, "one of " + allowed, raw -> Enum.valueOf(type, raw.toUpperCase(Locale.ROOT)));
    }

    private Set<Transport> transports() {
        String allowed = Arrays.stream(Transport.values()).map(Transport::wireName).collect(Collectors.joining(", "));
        return parse(TRANSPORTS, EnumSet.allOf(Transport.class), "a comma-separated list of " + allowed, raw -> {
            EnumSet<Transport> set = EnumSet.noneOf(Transport.class);
            for (String part : raw.split(",", -1)) {
                set.add(Transport.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            }
            return set;
        });
    }

    /** CORS_ORIGINS (a comma list or {@code *}) and CORS_CREDENTIALS; unset origins mean no CORS at all. */
    private Optional<CorsOptions> cors() {
        Optional<CorsOptions> origins = Optional.ofNullable(parse(CORS_ORIGINS, null,
                "* or a comma-separated list of origins like https://app.example or http://localhost:8080"
                        + " (scheme://host[:port], no path)",
                raw -> CorsOptions.of(new java.util.LinkedHashSet<>(Arrays.asList(raw.split("\\s*,\\s*", -1))))));
        boolean credentials = bool(CORS_CREDENTIALS, CorsOptions.DEFAULT_CREDENTIALS);
        if (credentials && origins.isEmpty() && value(CORS_ORIGINS).isEmpty()) {
            problems.add("CORS_CREDENTIALS=true requires CORS_ORIGINS");
        }
        if (credentials && origins.map(CorsOptions::allowsAnyOrigin).orElse(false)) {
            // Node would send "*" with credentials, which every browser refuses: say so at start instead
            problems.add("CORS_CREDENTIALS=true requires CORS_ORIGINS to list the origins (browsers refuse "
                    + "credentials with Access-Control-Allow-Origin: *)");
        }
        return origins.map(cors -> cors.withCredentials(credentials));
    }

    /** RATE_LIMIT_EVENTS, RATE_LIMIT_USER_EVENTS, RATE_LIMIT_DISCONNECT_AFTER and MAX_CONNECTIONS_PER_IP. */
    private NodeConfig.RateLimits rateLimits() {
        String rate = "a rate like 20/1s: N events per period (250ms, 1s, 1m, 1h or ISO-8601 like PT1S), N >= 1";
        Optional<RateLimit> events = Optional.ofNullable(parse(RATE_LIMIT_EVENTS, null,
                rate + ", optionally with a burst like 20/1s,burst=40", RateLimit::parse));
        Optional<RateLimit> userEvents = Optional.ofNullable(parse(RATE_LIMIT_USER_EVENTS, null,
                rate + ", without burst (a user gets at most N within any period)",
                raw -> {
                    RateLimit limit = RateLimit.parse(raw);
                    return limit.burst() == limit.events() && !raw.contains("burst") ? limit : null;
                }));
        Optional<RateLimit> disconnectAfter = parse(RATE_LIMIT_DISCONNECT_AFTER,
                Optional.of(EventLimits.DEFAULT_DISCONNECT_AFTER),
                "off or refusals per period like 100/10s (a connection refused more often is closed)",
                raw -> raw.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(RateLimit.parse(raw)));
        int maxPerIp = nonNegativeInt(MAX_CONNECTIONS_PER_IP, EngineOptions.UNLIMITED_CONNECTIONS_PER_ADDRESS);
        return new NodeConfig.RateLimits(events, userEvents, disconnectAfter, maxPerIp);
    }

    private Set<String> metricsEvents() {
        return parse(METRICS_EVENTS, NodeConfig.Metrics.DEFAULT_EVENTS,
                "a comma-separated list of event names (1 to 64 characters each)", raw -> {
                    Set<String> events = new java.util.LinkedHashSet<>();
                    for (String part : raw.split(",", -1)) {
                        String name = part.trim();
                        if (name.isEmpty() || name.length() > 64) {
                            return null;
                        }
                        events.add(name);
                    }
                    return events;
                });
    }

    private String nodeId() {
        String explicit = parse(NODE_ID, null, "1 to 128 letters, digits, '.', '_', ':' or '-'",
                raw -> NODE_ID_CHARS.matcher(raw).matches() ? raw : null);
        return explicit != null ? explicit : defaultNodeId();
    }

    /** The host name (a pod's name in Kubernetes), else 8 random bytes as hex. */
    private String defaultNodeId() {
        Optional<String> fromEnv = Optional.ofNullable(env.get("HOSTNAME")).map(String::trim)
                .filter(h -> NODE_ID_CHARS.matcher(h).matches());
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (NODE_ID_CHARS.matcher(host).matches() && !host.equals("localhost")) {
                return host;
            }
        } catch (java.io.IOException | SecurityException e) {
            // no usable host name: fall back to a random id
        }
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * ADAPTER; unset, {@code redis} when REDIS_URL is set (even if it is invalid, which is reported on its own),
     * else {@code memory}. The Redis adapters need REDIS_URL.
     */
    /** PRESENCE: {@code redis} needs a Redis adapter on one Redis (standalone or Sentinel). */
    private PresenceMode presence(AdapterKind adapter, RedisMode redisMode) {
        PresenceMode presence = parse(PRESENCE, PresenceMode.defaultFor(adapter, redisMode),
                "one of " + PresenceMode.allowedValues(), raw -> PresenceMode.fromConfigName(raw).orElse(null));
        if (presence == PresenceMode.REDIS && !adapter.usesRedis()) {
            problems.add("PRESENCE=redis needs REDIS_URL and a Redis adapter (ADAPTER=" + adapter.configName()
                    + " is a single node: use PRESENCE=local)");
        } else if (presence == PresenceMode.REDIS && redisMode == RedisMode.CLUSTER) {
            problems.add("PRESENCE=redis does not run with REDIS_MODE=cluster: use PRESENCE=adapter");
        }
        return presence;
    }

    private AdapterKind adapter() {
        boolean redisUrlSet = value(REDIS_URL).isPresent();
        AdapterKind fallback = NodeConfig.Cluster.defaultAdapter(redisUrlSet);
        AdapterKind adapter = parse(ADAPTER, fallback, "one of " + AdapterKind.allowedValues(),
                raw -> AdapterKind.fromConfigName(raw).orElse(null));
        if (adapter.usesRedis() && !redisUrlSet) {
            problems.add("ADAPTER=" + adapter.configName() + " requires REDIS_URL");
        }
        return adapter;
    }

    /**
     * RECOVERY_MAX_DISCONNECTION (unset: off) and RECOVERY_SKIP_MIDDLEWARES; recovery is refused with the classic
     * Redis adapter, which cannot save sessions (as Node's {@code @socket.io/redis-adapter} cannot).
     */
    private NodeConfig.Recovery recovery(AdapterKind adapter) {
        Optional<Duration> maxDisconnection = Optional.ofNullable(
                duration(RECOVERY_MAX_DISCONNECTION, null, false));
        boolean skipMiddlewares = bool(RECOVERY_SKIP_MIDDLEWARES, NodeConfig.Recovery.DEFAULT_SKIP_MIDDLEWARES);
        if (maxDisconnection.isPresent() && !adapter.supportsRecovery()) {
            problems.add("RECOVERY_MAX_DISCONNECTION needs ADAPTER=redis-streams (or ADAPTER=memory on a single node): "
                    + "ADAPTER=" + adapter.configName()
                    + (value(ADAPTER).isEmpty() ? " (the default with REDIS_URL)" : "")
                    + (adapter == AdapterKind.REDIS_SHARDED ? ", the sharded pub/sub adapter,"
                            : ", the classic pub/sub adapter,")
                    + " cannot recover sessions, as Node's cannot");
            return NodeConfig.Recovery.off();
        }
        return new NodeConfig.Recovery(maxDisconnection, skipMiddlewares);
    }

    /**
     * DRAIN_SPREAD, at most SHUTDOWN_GRACE (checked only when SHUTDOWN_GRACE itself was valid); unset, 5 s lowered
     * to SHUTDOWN_GRACE, so a short SHUTDOWN_GRACE alone still starts.
     */
    private Duration drainSpread(Duration shutdownGrace, boolean shutdownGraceValid) {
        Duration fallback = NodeConfig.defaultDrainSpread(shutdownGrace);
        Duration spread = duration(DRAIN_SPREAD, fallback, true);
        if (shutdownGraceValid && spread.compareTo(shutdownGrace) > 0) {
            problems.add("DRAIN_SPREAD must be at most SHUTDOWN_GRACE (" + value(SHUTDOWN_GRACE).orElse("30s")
                    + ") (got " + quote(value(DRAIN_SPREAD).orElseThrow()) + ")");
            return fallback;
        }
        return spread;
    }

    /**
     * REDIS_MODE; unset, {@code sentinel} for a {@code redis-sentinel://} REDIS_URL, else {@code standalone}.
     */
    private RedisMode redisMode() {
        RedisMode fallback = value(REDIS_URL).filter(EnvConfigLoader::isSentinelUrl)
                .map(raw -> RedisMode.SENTINEL).orElse(RedisMode.STANDALONE);
        return parse(REDIS_MODE, fallback, "one of " + RedisMode.allowedValues(),
                raw -> RedisMode.fromConfigName(raw).orElse(null));
    }

    /** REDIS_URL as {@code mode} reads it; the value is never echoed in a problem, it may hold a password. */
    private List<URI> redisUrls(RedisMode mode) {
        Optional<String> raw = value(REDIS_URL);
        if (raw.isEmpty()) {
            return List.of();
        }
        boolean sentinelUrl = isSentinelUrl(raw.get());
        return switch (mode) {
            case STANDALONE -> {
                if (sentinelUrl) {
                    problems.add("REDIS_URL is a redis-sentinel:// URL but REDIS_MODE=standalone: set "
                            + "REDIS_MODE=sentinel (or leave REDIS_MODE unset)");
                    yield List.of();
                }
                if (raw.get().contains(",")) {
                    problems.add("REDIS_URL names several nodes (comma-separated), which needs REDIS_MODE=cluster "
                            + "(a Redis Cluster); a standalone Redis takes one URL like redis://host:6379/0");
                    yield List.of();
                }
                yield standaloneUrl(raw.get());
            }
            case SENTINEL -> sentinelUrl ? sentinelUrl(raw.get()) : refuse("REDIS_MODE=sentinel needs REDIS_URL "
                    + "to be a redis-sentinel:// URL like redis-sentinel://[:password@]sentinel-1:26379,"
                    + "sentinel-2:26379/0#mymaster (the sentinels and, after '#', the master name)");
            case CLUSTER -> sentinelUrl ? refuse("REDIS_MODE=cluster needs REDIS_URL to list seed nodes like "
                    + "redis://node-1:6379,redis://node-2:6379 (or node-1:6379,node-2:6379), not a "
                    + "redis-sentinel:// URL") : clusterSeeds(raw.get());
        };
    }

    private static boolean isSentinelUrl(String raw) {
        String prefix = NodeConfig.Cluster.SENTINEL_SCHEME + "://";
        return raw.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private List<URI> refuse(String problem) {
        problems.add(problem);
        return List.of();
    }

    private List<URI> standaloneUrl(String raw) {
        try {
            URI url = new URI(raw);
            NodeConfig.Cluster.requireRedisUrl(url);
            return List.of(url);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return refuse("REDIS_URL must be a URL like redis://host:6379 or rediss://user:password@host:6379/0");
        }
    }

    /** Checked with lettuce's own parser, which is what connects later. */
    private List<URI> sentinelUrl(String raw) {
        String expectation = "REDIS_URL must be a URL like redis-sentinel://[:password@]sentinel-1:26379,"
                + "sentinel-2:26379/0#mymaster (the sentinels and, after '#', the master name)";
        try {
            URI url = new URI(raw);
            NodeConfig.Cluster.requireSentinelUrl(url);
            RedisURI parsed = RedisURI.create(raw);
            if (parsed.getSentinels().isEmpty() || parsed.getSentinelMasterId() == null) {
                return refuse(expectation);
            }
            return List.of(url);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return refuse(expectation);
        }
    }

    /**
     * REDIS_URL in cluster mode: seed nodes separated by commas, each {@code redis://[[user]:password@]host[:port]}
     * or {@code rediss://...}, or {@code host[:port]} (port 6379), which takes the scheme and credentials of the
     * first seed when that one is a URL (lettuce's own {@code redis://:password@h1:7000,h2:7001} therefore works too).
     * A Redis Cluster has only database 0.
     */
    private List<URI> clusterSeeds(String raw) {
        String expectation = "REDIS_URL must list Redis Cluster seed nodes separated by commas, like "
                + "redis://node-1:6379,redis://node-2:6379, rediss://:password@node-1:6379,node-2:6379 or "
                + "node-1:6379,node-2:6379";
        String[] items = raw.split(",", -1);
        List<URI> seeds = new ArrayList<>();
        String inheritedPrefix = "redis://";
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            String which = "seed " + (i + 1) + " of " + items.length;
            if (item.isEmpty()) {
                return refuse(expectation + " (" + which + " is empty)");
            }
            try {
                URI url = new URI(item.contains("://") ? item : inheritedPrefix + item);
                NodeConfig.Cluster.requireRedisUrl(url);
                String path = url.getPath() == null ? "" : url.getPath();
                if (!path.isEmpty() && !path.equals("/") && !path.equals("/0")) {
                    return refuse("REDIS_URL: a Redis Cluster has only database 0 (" + which + " names another)");
                }
                if (i == 0 && item.contains("://")) {
                    inheritedPrefix = url.getScheme() + "://"
                            + (url.getRawUserInfo() == null ? "" : url.getRawUserInfo() + "@");
                }
                seeds.add(url);
            } catch (URISyntaxException | IllegalArgumentException e) {
                return refuse(expectation + " (" + which + " is not)");
            }
        }
        return seeds;
    }

    /**
     * SUBSCRIPTION_MODE; unset, the adapter's default (Node's: {@code dynamic} for the sharded adapter, else
     * {@code static}); a mode the adapter does not support is refused.
     */
    private SubscriptionMode subscriptionMode(AdapterKind adapter) {
        SubscriptionMode fallback = adapter.defaultSubscriptionMode();
        SubscriptionMode mode = parse(SUBSCRIPTION_MODE, fallback, "one of static, dynamic, dynamic-private",
                SubscriptionMode::fromName);
        if (!adapter.subscriptionModes().contains(mode)) {
            String named = "ADAPTER=" + adapter.configName() + (value(ADAPTER).isEmpty() ? " (the default)" : "");
            problems.add("SUBSCRIPTION_MODE=" + mode.wireName() + (adapter == AdapterKind.REDIS
                    ? " needs ADAPTER=redis-sharded: " + named + " runs static or dynamic-private (dynamic would lose"
                    + " to(socketId) broadcasts from Node nodes, which publish them on the socket id's room channel)"
                    : " needs ADAPTER=redis-sharded: " + named
                    + " subscribes every node to the namespace channels only (static), as Node's does"));
            return fallback;
        }
        return mode;
    }

    private Optional<String> jwtSecret() {
        Optional<String> raw = Optional.ofNullable(env.get(JWT_SECRET.name())).filter(s -> !s.isBlank());
        raw.ifPresent(secret -> {
            // The secret is used as given (not trimmed); only its length is reported, never its value.
            int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < NodeConfig.Auth.MIN_SECRET_BYTES) {
                problems.add("JWT_SECRET must be at least " + NodeConfig.Auth.MIN_SECRET_BYTES
                        + " bytes (got " + bytes + ")");
            }
        });
        return raw;
    }

    private static String quote(String raw) {
        String shown = raw.length() > 80 ? raw.substring(0, 80) + "..." : raw;
        return "\"" + shown + "\"";
    }
}

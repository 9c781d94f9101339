package io.roomcast.node;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.metrics.AdapterMetrics;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.cluster.sharded.ShardedAdapterOptions;
import io.roomcast.cluster.sharded.ShardedRedisAdapterFactory;
import io.roomcast.cluster.streams.RedisStreamsAdapterFactory;
import io.roomcast.cluster.streams.StreamsAdapterOptions;
import io.roomcast.cluster.transport.LettuceClusterTransport;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.admin.AdminEngineStats;
import io.roomcast.engine.EngineObserver;
import io.roomcast.node.admin.AdminUiNode;
import io.roomcast.node.config.ConfigException;
import io.roomcast.node.http.AdminUiPage;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.node.http.AdminServer;
import io.roomcast.node.http.ReadinessCheck;
import io.roomcast.node.lifecycle.GracefulShutdown;
import io.roomcast.node.limits.LocalUserBudgets;
import io.roomcast.node.limits.RedisUserBudgets;
import io.roomcast.node.metrics.NodeMetrics;
import io.roomcast.cluster.metrics.SocketServerMetrics;
import io.roomcast.cluster.metrics.StreamLagMetrics;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.adapter.AdapterContext;
import io.roomcast.socketio.adapter.AdapterFactory;
import io.roomcast.socketio.limits.EventLimits;
import io.roomcast.socketio.limits.RateLimit;
import io.roomcast.socketio.limits.UserEventLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs any {@link RoomcastApplication} as a production node: a {@link RoomcastServer} configured from
 * {@link NodeConfig} (the adapter named by {@code ADAPTER}, see {@link #chooseAdapter}), health and readiness and Prometheus
 * {@code /metrics} on the management port, and a graceful drain on SIGTERM. {@link #run} reads the environment and
 * never returns; {@link #start} is for tests and for applications that load their configuration themselves.
 */
public final class NodeRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);
    /** Prometheus scrape endpoint on the management port. */
    public static final String METRICS_PATH = "/metrics";

    private final NodeConfig config;
    private final RoomcastServer io;
    private final AdminServer admin;
    private final GracefulShutdown drain;
    private final NodeMetrics metrics;
    private final AutoCloseable userBudgets;
    /** The Admin UI of {@code ADMIN_UI} (a no-op closer when off). */
    private final AutoCloseable adminUi;

    private NodeRuntime(NodeConfig config, RoomcastServer io, AdminServer admin, NodeMetrics metrics,
                        AutoCloseable userBudgets, AutoCloseable adminUi) {
        this.config = config;
        this.io = io;
        this.admin = admin;
        this.metrics = metrics;
        this.userBudgets = userBudgets;
        this.adminUi = adminUi;
        this.drain = GracefulShutdown.builder()
                .grace(config.shutdownGrace())
                .stopAccepting(io::stopAccepting)
                .closeAllSessions(() -> io.closeAllSessions(config.drainSpread()))
                .openSessions(io::sessionCount)
                .thenClose(io, admin, metrics, userBudgets, adminUi)
                .build();
        admin.addReadinessCheck(drain.readinessCheck());
        if (config.cluster().clustered()) {
            // Redis fails for every node at once: by default its check only reports, so that a load balancer does
            // not take the whole fleet out while each node still serves its own clients (READINESS_REQUIRES_REDIS)
            admin.addReadinessCheck(config.cluster().readinessRequiresRedis()
                    ? ReadinessCheck.of("redis", io::isAdapterReady)
                    : ReadinessCheck.informational("redis", io::isAdapterReady));
        }
    }

    /**
     * Loads {@link NodeConfig} from the environment (exit 2 with every bad variable in one message, or with the
     * {@link ConfigException} {@link #start} refuses to start with), starts the
     * application built from it, and drains and exits 0 on SIGTERM or SIGINT.
     */
    public static void run(Function<NodeConfig, RoomcastApplication> application) {
        NodeConfig config;
        try {
            config = EnvConfigLoader.fromSystemEnv();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        config.logLevel().applyToRootLogger();
        NodeRuntime node;
        try {
            node = start(config, application.apply(config));
        } catch (ConfigException e) {
            // refused at start-up (e.g. an adapter this build cannot run): the same exit as a bad variable
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (ClusterException e) {
            // Redis is not there or not what REDIS_MODE says (e.g. a standalone Redis with REDIS_MODE=cluster)
            System.err.println(cannotReachRedis(config.cluster(), e));
            System.exit(1);
            return;
        }
        node.exitOnSignals();
    }

    /** The one line {@link #run} prints when Redis cannot be used: the mode, where, and why. */
    static String cannotReachRedis(NodeConfig.Cluster cluster, ClusterException e) {
        return ("Cannot start: REDIS_MODE=" + cluster.redisMode().configName() + ", ADAPTER="
                + cluster.adapter().configName() + ": " + e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }

    /** Starts a node running {@code application}; returns once both ports are bound. */
    public static NodeRuntime start(NodeConfig config, RoomcastApplication application) {
        ChosenAdapter adapter = chooseAdapter(config.cluster());
        UserBudgets userBudgets;
        try {
            userBudgets = userBudgets(config, application);
        } catch (RuntimeException e) {
            adapter.factory().close();
            throw e;
        }
        NodeMetrics metrics = new NodeMetrics(config.nodeId());
        SocketServerMetrics socketMetrics = new SocketServerMetrics(config.metrics().events());
        socketMetrics.bindTo(metrics.registry());
        adapter.pubSub().ifPresent(factory -> new AdapterMetrics(factory).bindTo(metrics.registry()));
        adapter.streamLag().ifPresent(lag -> new StreamLagMetrics(lag).bindTo(metrics.registry()));
        RoomcastServer.Builder builder = RoomcastServer.builder();
        application.httpFallback().ifPresent(builder::httpFallback);
        config.recovery().toConnectionStateRecovery().ifPresent(builder::connectionStateRecovery);
        AdminEngineStats adminStats = new AdminEngineStats();
        boolean adminUiOn = config.adminUi().enabled();
        builder.eventLimits(eventLimits(config.rateLimits(), userBudgets));
        RoomcastServer io = builder
                .host(config.server().host())
                .port(config.server().port())
                .engineOptions(config.toEngineOptions())
                .tuning(config.server().tuning())
                .connectTimeout(config.protocol().connectTimeout())
                .adapter(adapter.factory())
                .observer(socketMetrics)
                .engineObserver(adminUiOn ? EngineObserver.all(socketMetrics, adminStats) : socketMetrics)
                .build();
        socketMetrics.watch(io);
        AdminServer admin = null;
        AdminUiNode adminUi = null;
        try {
            if (adminUiOn) {
                // before the application's listeners, as Node's prependListener: socket_connected precedes its joins
                adminUi = AdminUiNode.instrument(io, config, adminStats);
            }
            application.install(io);
            admin = new AdminServer(new InetSocketAddress(config.server().host(), config.server().managementPort()));
            admin.register(METRICS_PATH, metrics.scrapeHandler());
            if (adminUiOn) {
                if (AdminUiPage.available()) {
                    AdminUiPage.install(admin);
                } else {
                    log.warn("ADMIN_UI=true but this build has no Admin UI page (admin-ui/ on the class path): "
                            + "only the protocol is served");
                }
            }
            io.start();
            io.eventLoops().ifPresent(metrics::bindEventLoops);
            admin.start();
        } catch (RuntimeException e) {
            io.close();
            if (admin != null) {
                admin.close();
            }
            metrics.close();
            closeQuietly(application);
            closeQuietly(userBudgets.closer());
            if (adminUi != null) {
                adminUi.close();
            }
            throw e;
        }
        AutoCloseable budgets = userBudgets.closer();
        // the application after the server: its sockets' disconnects may still use what it holds (presence)
        NodeRuntime node = new NodeRuntime(config, io, admin, metrics, () -> {
            closeQuietly(application);
            closeQuietly(budgets);
        }, adminUi == null ? () -> { } : adminUi);
        if (adminUi != null) {
            log.info("Admin UI on namespace {} ({} mode{}, {}), page at http://<host>:{}{}, server id {}",
                    config.adminUi().namespaceName(), config.adminUi().mode().configName(),
                    config.adminUi().readonly() ? ", read-only" : "",
                    config.adminUi().auth().orElseThrow() instanceof io.roomcast.admin.AdminAuth.Basic
                            ? "basic authentication" : "NO authentication (ADMIN_AUTH=none)",
                    admin.port(), AdminUiPage.PATH, adminUi.ui().serverId());
        }
        log.info("Node {} listening on {}:{} (Socket.IO at {}), management on port {}, {}, {}, {}",
                config.nodeId(), config.server().host(), io.port(), config.toEngineOptions().path(),
                admin.port(), config.auth().enabled() ? "JWT auth on" : "no auth",
                config.cluster().clustered() ? "cluster through " + config.cluster() : "single node (in-memory adapter)",
                config.recovery().maxDisconnection().map(d -> "connection state recovery for " + d
                        + (config.recovery().skipMiddlewares() ? " (middlewares skipped)" : "")).orElse("no recovery"));
        NodeConfig.RateLimits limits = config.rateLimits();
        if (limits.events().isPresent() || limits.userEvents().isPresent() || limits.maxConnectionsPerIp() > 0) {
            log.info("Rate limits: events per connection {}, per user {}, disconnect after {} refusals, {} sessions"
                    + " per IP", limits.events().map(Object::toString).orElse("unlimited"),
                    limits.userEvents().map(limit -> limit + (config.cluster().clustered() ? " (cluster-wide)"
                            : " (this node)")).orElse("unlimited"),
                    limits.disconnectAfter().map(Object::toString).orElse("never"),
                    limits.maxConnectionsPerIp() == 0 ? "unlimited" : limits.maxConnectionsPerIp());
        }
        if (!config.cluster().clustered() && config.cluster().redisUrl().isPresent()) {
            log.warn("ADAPTER=memory: REDIS_URL is ignored, this node does not join a cluster");
        }
        return node;
    }

    /**
     * The per-user budget of {@code RATE_LIMIT_USER_EVENTS}, and what closes it with the node.
     *
     * @param limiter empty when the variable is unset
     * @param closer  closes its Redis client (a no-op without one)
     */
    record UserBudgets(Optional<UserEventLimiter> limiter, AutoCloseable closer) {
    }

    /**
     * {@code RATE_LIMIT_USER_EVENTS}: through Redis (Redisson, on the {@code REDIS_MODE} topology) when the node
     * joins a cluster, so that one user shares one budget on every node; in memory on a single node.
     *
     * @throws ClusterException when Redisson cannot reach Redis
     */
    static UserBudgets userBudgets(NodeConfig config, RoomcastApplication application) {
        Optional<RateLimit> limit = config.rateLimits().userEvents();
        if (limit.isEmpty()) {
            return new UserBudgets(Optional.empty(), () -> { });
        }
        if (!config.cluster().clustered()) {
            return new UserBudgets(Optional.of(new LocalUserBudgets(limit.get(), application::userOf)), () -> { });
        }
        RedisUserBudgets redis = RedisUserBudgets.connect(config.cluster(), limit.get(), application::userOf);
        return new UserBudgets(Optional.of(redis), redis);
    }

    /** The library's {@link EventLimits} from {@code RATE_LIMIT_*}. */
    static EventLimits eventLimits(NodeConfig.RateLimits limits, UserBudgets userBudgets) {
        EventLimits events = limits.disconnectAfter().map(EventLimits.NONE::withDisconnectAfter)
                .orElseGet(EventLimits.NONE::withoutDisconnect);
        events = limits.events().map(events::withPerConnection).orElse(events);
        return userBudgets.limiter().map(events::withPerUser).orElse(events);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing failed: {}", e.toString());
        }
    }

    /**
     * The adapter {@code ADAPTER} names, connected: the factory the server uses, plus what metrics need of it.
     *
     * @param factory      the Socket.IO server's adapter factory
     * @param pubSub       the pub/sub (classic or sharded) factory, for {@link AdapterMetrics}; empty for the others
     * @param streamLag    how far this node's stream reader is behind, for {@link StreamLagMetrics}; present only
     *                     with the Redis Streams adapter
     */
    record ChosenAdapter(AdapterFactory factory, Optional<PubSubAdapterFactory<?>> pubSub,
                         Optional<Supplier<Duration>> streamLag) {
    }

    /**
     * Connects the adapter of {@code ADAPTER} ({@link NodeConfig.Cluster#adapter()}) on the Redis topology of
     * {@code REDIS_MODE}; called before anything else starts, so a refusal leaves nothing to close.
     *
     * @throws ClusterException when Redis cannot be reached, or is not what {@code REDIS_MODE} says
     * @throws ConfigException  when Redis cannot run the adapter (sharded pub/sub before Redis 7)
     */
    static ChosenAdapter chooseAdapter(NodeConfig.Cluster cluster) {
        return switch (cluster.adapter()) {
            case MEMORY -> new ChosenAdapter(AdapterFactory.IN_MEMORY, Optional.empty(), Optional.empty());
            case REDIS -> {
                PubSubTransport transport = connectTransport(cluster);
                RedisAdapterFactory factory = new RedisAdapterFactory(transport,
                        new AdapterOptions(cluster.adapterKey(), cluster.requestsTimeout(), false,
                                cluster.subscriptionMode()).withMaxPublishBytes(cluster.maxPublishBytes()));
                yield new ChosenAdapter(closingTransport(factory, transport), Optional.of(factory), Optional.empty());
            }
            case REDIS_SHARDED -> {
                PubSubTransport transport = connectTransport(cluster);
                try {
                    RedisVersionCheck.requireShardedPubSub(cluster);
                } catch (RuntimeException e) {
                    transport.close();
                    throw e;
                }
                ShardedRedisAdapterFactory factory = new ShardedRedisAdapterFactory(transport,
                        new ShardedAdapterOptions(cluster.adapterKey(), cluster.subscriptionMode(),
                                cluster.requestsTimeout()).withMaxPublishBytes(cluster.maxPublishBytes()));
                yield new ChosenAdapter(closingTransport(factory, transport), Optional.of(factory), Optional.empty());
            }
            case REDIS_STREAMS -> {
                // ADAPTER_KEY is the pub/sub channel prefix here too (Node's channelPrefix); the stream keeps Node's
                // name. Standalone or Sentinel (REDIS_MODE=cluster is refused by the configuration).
                RedisStreamsAdapterFactory factory = RedisStreamsAdapterFactory.connect(redisUri(cluster),
                        transportOptions(cluster), StreamsAdapterOptions.defaults().withChannelPrefix(cluster.adapterKey())
                                .withRequestsTimeout(cluster.requestsTimeout()).withMaxLen(cluster.streamMaxLen())
                                .withMaxPublishBytes(cluster.maxPublishBytes()));
                yield new ChosenAdapter(factory, Optional.empty(), Optional.of(factory::streamLag));
            }
        };
    }

    /**
     * The pub/sub transport of {@code REDIS_MODE}: lettuce's cluster client on the seeds of a Redis Cluster, else
     * lettuce on one Redis or on the master the sentinels name (followed after a failover).
     *
     * @throws ClusterException when Redis cannot be reached, or the seeds are not a Redis Cluster
     */
    static PubSubTransport connectTransport(NodeConfig.Cluster cluster) {
        return switch (cluster.redisMode()) {
            case CLUSTER -> LettuceClusterTransport.connect(
                    cluster.redisUrls().stream().map(url -> RedisURI.create(url.toString())).toList(),
                    transportOptions(cluster));
            case STANDALONE, SENTINEL -> LettuceTransport.connect(redisUri(cluster), transportOptions(cluster));
        };
    }

    /** Lettuce's settings for the node's Redis connections: the defaults, with the TLS files of {@code REDIS_TLS_*}. */
    public static LettuceTransportOptions transportOptions(NodeConfig.Cluster cluster) {
        return LettuceTransportOptions.DEFAULT.withSslOptions(cluster.tls().sslOptions());
    }

    /** {@code factory}, closing {@code transport} (which it does not own) after itself. */
    static AdapterFactory closingTransport(AdapterFactory factory, PubSubTransport transport) {
        return new AdapterFactory() {
            @Override
            public Adapter create(AdapterContext context) {
                return factory.create(context);
            }

            @Override
            public boolean isReady() {
                return factory.isReady();
            }

            @Override
            public void close() {
                try {
                    factory.close();
                } catch (Exception e) {
                    log.warn("closing the adapter factory failed: {}", e.toString());
                } finally {
                    transport.close();
                }
            }
        };
    }

    /** The one URL of standalone and sentinel mode, as lettuce reads it. */
    public static RedisURI redisUri(NodeConfig.Cluster cluster) {
        URI url = cluster.redisUrl().orElseThrow(() -> new IllegalStateException(
                "adapter " + cluster.adapter().configName() + " without REDIS_URL"));
        return RedisURI.create(url.toString());
    }

    /** The node's meter registry (what {@code /metrics} shows). */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    public int port() {
        return io.port();
    }

    public int managementPort() {
        return admin.port();
    }

    public RoomcastServer io() {
        return io;
    }

    public NodeConfig config() {
        return config;
    }

    /** Stops accepting, closes every client so it reconnects elsewhere, waits up to the grace time, then closes. */
    public void drain() {
        drain.run();
    }

    @Override
    public void close() {
        io.close();
        admin.close();
        metrics.close();
        closeQuietly(userBudgets);
        closeQuietly(adminUi);
    }

    /**
     * SIGTERM/SIGINT drain the node and exit 0. A shutdown hook alone cannot do that: a JVM stopped by a signal
     * exits 143 after its hooks, and a hook may not call {@link System#exit}. The hook stays as a fallback for
     * other ways the JVM stops (the drain runs once).
     */
    private void exitOnSignals() {
        drain.installShutdownHook();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> new Thread(() -> {
                log.info("Received SIG{}: draining", name);
                drain();
                System.exit(0);
            }, "drain-on-sig" + name.toLowerCase()).start());
        }
    }
}

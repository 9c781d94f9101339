package io.roomcast.node;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.engine.EngineServer;
import io.roomcast.node.auth.JwtAuthenticator;
import io.roomcast.node.chat.ChatApp;
import io.roomcast.node.chat.Identities;
import io.roomcast.node.config.ConfigException;
import io.roomcast.node.config.EnvConfigLoader;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.node.http.AdminServer;
import io.roomcast.node.http.ReadinessCheck;
import io.roomcast.node.http.StaticContent;
import io.roomcast.node.lifecycle.GracefulShutdown;
import io.roomcast.node.metrics.NodeMetrics;
import io.roomcast.node.metrics.SocketServerMetrics;
import io.roomcast.cluster.metrics.AdapterMetrics;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.SocketIoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Roomcast socket node: the Socket.IO endpoint and demo page on the client port, health on the management port,
 * the chat app on {@code /}, and a graceful drain on SIGTERM. {@link #main} reads the environment; tests call
 * {@link #start(NodeConfig, Consumer)}.
 */
public final class NodeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
    /** Prometheus scrape endpoint on the management port. */
    public static final String METRICS_PATH = "/metrics";

    private final NodeConfig config;
    private final SocketIoServer io;
    private final EngineServer engine;
    private final AdminServer admin;
    private final Optional<RedisAdapterFactory> cluster;
    private final GracefulShutdown drain;
    private final NodeMetrics metrics;

    private NodeServer(NodeConfig config, SocketIoServer io, Optional<RedisAdapterFactory> cluster,
                       EngineServer engine, AdminServer admin, NodeMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.io = io;
        this.cluster = cluster;
        this.engine = engine;
        this.admin = admin;
        this.drain = GracefulShutdown.builder()
                .grace(config.shutdownGrace())
                .stopAccepting(engine::stopAccepting)
                .closeAllSessions(engine::closeAllSessions)
                .openSessions(engine::sessionCount)
                .thenClose(engine, io::close, this::closeCluster, admin, metrics)
                .build();
        admin.addReadinessCheck(drain.readinessCheck());
        cluster.ifPresent(redis -> admin.addReadinessCheck(ReadinessCheck.of("redis", redis::isReady)));
    }

    public static void main(String[] args) {
        NodeConfig config;
        try {
            config = EnvConfigLoader.fromSystemEnv();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        config.logLevel().applyToRootLogger();
        NodeServer node = start(config, io -> { });
        node.exitOnSignals();
    }

    /**
     * Starts a node. {@code customize} sees the Socket.IO server before the port opens (tests add namespaces).
     */
    public static NodeServer start(NodeConfig config, Consumer<SocketIoServer> customize) {
        Optional<RedisAdapterFactory> cluster = config.cluster().redisUrl().map(url -> RedisAdapterFactory.connect(
                RedisURI.create(url), new AdapterOptions(config.cluster().adapterKey(),
                        config.cluster().requestsTimeout(), false)));
        NodeMetrics metrics = new NodeMetrics(config.nodeId());
        SocketServerMetrics socketMetrics = new SocketServerMetrics(config.metrics().events());
        socketMetrics.bindTo(metrics.registry());
        cluster.ifPresent(redis -> new AdapterMetrics(redis).bindTo(metrics.registry()));
        SocketIoOptions options = SocketIoOptions.defaults().withConnectTimeout(config.protocol().connectTimeout())
                .withObserver(socketMetrics);
        SocketIoServer io = new SocketIoServer(cluster.<SocketIoOptions>map(options::withAdapterFactory)
                .orElse(options));
        socketMetrics.watch(io);
        Identities identities = config.auth().jwtSecret()
                .map(secret -> Identities.jwt(new JwtAuthenticator(secret)))
                .orElseGet(Identities::anonymous);
        new ChatApp(config.chat().maxMessageLength(), identities).install(io);
        customize.accept(io);

        EngineServer engine = new EngineServer(config.toEngineOptions(), io, new StaticContent())
                .observe(socketMetrics);
        AdminServer admin;
        try {
            admin = new AdminServer(new InetSocketAddress(config.server().host(), config.server().managementPort()));
        } catch (RuntimeException e) {
            cluster.ifPresent(RedisAdapterFactory::close);
            metrics.close();
            throw e;
        }
        admin.register(METRICS_PATH, metrics.scrapeHandler());
        try {
            engine.start(config.server().host(), config.server().port());
            engine.workerGroup().ifPresent(metrics::bindEventLoops);
            admin.start();
        } catch (RuntimeException e) {
            engine.close();
            admin.close();
            cluster.ifPresent(RedisAdapterFactory::close);
            metrics.close();
            throw e;
        }
        NodeServer node = new NodeServer(config, io, cluster, engine, admin, metrics);
        log.info("Node {} listening on {}:{} (Socket.IO at {}), management on port {}, {}, {}",
                config.nodeId(), config.server().host(), engine.port(), config.toEngineOptions().path(),
                admin.port(), config.auth().enabled() ? "JWT auth on" : "no auth",
                cluster.isPresent() ? "cluster through " + config.cluster() : "single node (in-memory adapter)");
        return node;
    }

    /** The node's meter registry (what {@code /metrics} shows). */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    public int port() {
        return engine.port();
    }

    public int managementPort() {
        return admin.port();
    }

    public SocketIoServer io() {
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
        engine.close();
        io.close();
        closeCluster();
        admin.close();
        metrics.close();
    }

    private void closeCluster() {
        cluster.ifPresent(RedisAdapterFactory::close);
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

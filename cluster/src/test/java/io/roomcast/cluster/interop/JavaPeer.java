package io.roomcast.cluster.interop;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterAdapter;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.cluster.sharded.ShardedAdapterOptions;
import io.roomcast.cluster.sharded.ShardedRedisAdapterFactory;
import io.roomcast.cluster.streams.RedisStreamsAdapterFactory;
import io.roomcast.cluster.streams.StreamsAdapterOptions;
import io.roomcast.cluster.transport.LettuceClusterTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.RoomcastServer;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Java side of the interop suite ({@code src/test/interop}): a Roomcast node in a Redis cluster with the classic
 * adapter, serving the chat subset on {@code /} and the test-control namespace {@code /control} exactly as
 * {@code node-peer.js} does (contract: {@code src/test/interop/CONTROL.md}).
 *
 * <p>Usage: {@code JavaPeer --port <p|0> (--redis-url redis://host:port | --redis-cluster host:port,host:port...)
 * [--key socket.io] [--requests-timeout <ms>] [--name <name>] [--adapter classic|sharded|streams]
 * [--subscription-mode static|dynamic|dynamic-private] [--recovery-ms <ms>]}, as {@code node-peer.js}:
 * {@code --adapter sharded} is {@code ShardedRedisAdapterFactory} (on a {@code LettuceClusterTransport} with
 * {@code --redis-cluster}, sharded only), {@code --adapter streams} is {@code RedisStreamsAdapterFactory},
 * {@code --recovery-ms} turns on connection state recovery (streams only), {@code --subscription-mode} is the
 * sharded adapter's subscriptionMode (default dynamic) or the classic adapter's {@code AdapterOptions.subscriptionMode}
 * (default static; dynamic is refused by the classic adapter).
 * Prints {@code listening <port>} on stdout when ready; runs until killed.
 */
public final class JavaPeer {

    private JavaPeer() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Map<String, String> args = parseArgs(argv);
        quietLogging();
        String redisCluster = args.get("redis-cluster");
        String redisUrl = redisCluster == null ? required(args, "redis-url") : null;
        int port = Integer.parseInt(args.getOrDefault("port", "0"));
        String key = args.getOrDefault("key", "socket.io");
        Duration requestsTimeout = Duration.ofMillis(Long.parseLong(args.getOrDefault("requests-timeout", "5000")));
        String name = args.getOrDefault("name", "java-" + ProcessHandle.current().pid());
        String adapterKind = args.getOrDefault("adapter", "classic");
        Duration recovery = args.containsKey("recovery-ms") ? Duration.ofMillis(positive(args, "recovery-ms")) : null;
        if (!List.of("classic", "sharded", "streams").contains(adapterKind)) {
            throw new IllegalArgumentException("--adapter must be classic, sharded or streams, got " + adapterKind);
        }
        if (redisCluster != null && !adapterKind.equals("sharded")) {
            throw new IllegalArgumentException("--redis-cluster needs --adapter sharded");
        }
        if (args.containsKey("subscription-mode") && adapterKind.equals("streams")) {
            throw new IllegalArgumentException("--subscription-mode needs --adapter classic or sharded");
        }
        SubscriptionMode subscriptionMode = SubscriptionMode.fromName(args.getOrDefault("subscription-mode",
                adapterKind.equals("sharded") ? "dynamic" : "static"));
        if (recovery != null && !adapterKind.equals("streams")) {
            // as node-peer.js: the classic adapter cannot persist or restore sessions across nodes
            throw new IllegalArgumentException("--recovery-ms needs --adapter streams");
        }

        RoomcastServer.Builder builder = RoomcastServer.builder().host("127.0.0.1").port(port);
        if (recovery != null) {
            builder.connectionStateRecovery(ConnectionStateRecovery.defaults()
                    .withMaxDisconnectionDuration(recovery).withSkipMiddlewares(true));
        }
        ControlOps.Setup setup;
        Runnable awaitReady;
        java.util.function.Function<String, CompletableFuture<?>> roomReady = room -> CompletableFuture.completedFuture(null);
        PubSubTransport ownTransport = null;
        if (adapterKind.equals("classic")) {
            RedisAdapterFactory adapter = RedisAdapterFactory.connect(RedisURI.create(redisUrl),
                    AdapterOptions.defaults().withKey(key).withRequestsTimeout(requestsTimeout)
                            .withSubscriptionMode(subscriptionMode));
            builder.adapter(adapter);
            setup = ControlOps.Setup.classic();
            awaitReady = () -> awaitSubscribed(adapter);
            roomReady = room -> adapter.adapters().stream().filter(a -> a.namespace().equals("/")).findFirst()
                    .map(a -> (CompletableFuture<?>) a.roomSubscribed(room))
                    .orElse(CompletableFuture.completedFuture(null));
        } else if (adapterKind.equals("sharded")) {
            ShardedAdapterOptions options = ShardedAdapterOptions.defaults().withChannelPrefix(key)
                    .withRequestsTimeout(requestsTimeout)
                    .withSubscriptionMode(subscriptionMode);
            ShardedRedisAdapterFactory adapter;
            if (redisCluster != null) {
                List<RedisURI> seeds = Arrays.stream(redisCluster.split(",")).map(String::trim)
                        .map(seed -> RedisURI.create("redis://" + seed)).toList();
                ownTransport = LettuceClusterTransport.connect(seeds, LettuceTransportOptions.DEFAULT);
                adapter = new ShardedRedisAdapterFactory(ownTransport, options);
            } else {
                adapter = ShardedRedisAdapterFactory.connect(RedisURI.create(redisUrl), options);
            }
            builder.adapter(adapter);
            setup = ControlOps.Setup.sharded(options.subscriptionMode());
            awaitReady = () -> awaitSubscribed(adapter);
            ShardedRedisAdapterFactory factory = adapter;
            roomReady = room -> factory.adapters().stream().filter(a -> a.namespace().equals("/")).findFirst()
                    .map(a -> (CompletableFuture<?>) a.roomSubscribed(room))
                    .orElse(CompletableFuture.completedFuture(null));
        } else {
            setup = streamsAdapter(builder, redisUrl, key, requestsTimeout, recovery);
            awaitReady = () -> { };
        }
        RoomcastServer io = builder.build();
        ServerSideLog serverSide = new ServerSideLog(name);
        new PeerChat(roomReady).install(io.sockets());
        io.sockets().onServerSideEmit(serverSide::record);
        new ControlOps(io, serverSide, name, setup, roomReady).install(io.of("/control"));
        awaitReady.run();
        awaitAdapterReady(io);

        io.start();
        PubSubTransport transportToClose = ownTransport;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            io.close(); // closes the adapter too
            if (transportToClose != null) {
                transportToClose.close(); // the cluster transport is the peer's, not the factory's
            }
        }, "java-peer-shutdown"));
        System.out.println("listening " + io.port());
        System.out.flush();
        new CountDownLatch(1).await(); // until the process is killed
    }

    /**
     * {@code --adapter streams}: {@link RedisStreamsAdapterFactory}, wire-compatible with
     * {@code @socket.io/redis-streams-adapter} 0.3.1. As node-peer.js: {@code --key} is both the stream name and the
     * channel prefix; the session key prefix stays the default ({@code sio:session:}) every server shares.
     */
    private static ControlOps.Setup streamsAdapter(RoomcastServer.Builder builder, String redisUrl, String key,
                                                   Duration requestsTimeout, Duration recovery) {
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults().withStreamName(key).withChannelPrefix(key)
                .withRequestsTimeout(requestsTimeout);
        builder.adapter(RedisStreamsAdapterFactory.connect(RedisURI.create(redisUrl), options));
        return new ControlOps.Setup("streams", recovery, options.streamName(), options.sessionKeyPrefix());
    }

    /** As node-peer.js: announce readiness only once the other servers count this one. */
    private static void awaitSubscribed(PubSubAdapterFactory<?> adapter) {
        try {
            CompletableFuture.allOf(adapter.adapters().stream().map(ClusterAdapter::subscribed)
                    .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Redis adapter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the Redis adapter was not ready (connected and subscribed) within 10 s", e);
        }
    }

    /** Bounded: the adapter says it can reach the other nodes (connected, subscribed; streams: reading). */
    private static void awaitAdapterReady(RoomcastServer io) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!io.isAdapterReady()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the adapter did not report ready (isAdapterReady) within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private static long positive(Map<String, String> args, String name) {
        try {
            long value = Long.parseLong(args.get(name));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, got " + args.get(name));
    }

    /** The test classpath has logback at DEBUG by default; the peer's log is only read when a test fails. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    private static Map<String, String> parseArgs(String[] argv) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i += 2) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("bad argument " + argv[i] + "; usage: --port <p>"
                        + " (--redis-url <url> | --redis-cluster <host:port,...>) [--key <k>] [--requests-timeout <ms>]"
                        + " [--name <n>] [--adapter classic|sharded|streams]"
                        + " [--subscription-mode static|dynamic|dynamic-private] [--recovery-ms <ms>]");
            }
            parsed.put(argv[i].substring(2), argv[i + 1]);
        }
        return parsed;
    }

    private static String required(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}

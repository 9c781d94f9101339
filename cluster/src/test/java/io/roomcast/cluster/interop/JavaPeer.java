package io.roomcast.cluster.interop;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.redis.RedisAdapter;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.socketio.RoomcastServer;

import java.time.Duration;
import java.util.LinkedHashMap;
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
 * <p>Usage: {@code JavaPeer --port <p|0> --redis-url redis://host:port [--key socket.io] [--requests-timeout <ms>]
 * [--name <name>]}. Prints {@code listening <port>} on stdout when ready; runs until killed.
 */
public final class JavaPeer {

    private JavaPeer() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Map<String, String> args = parseArgs(argv);
        quietLogging();
        String redisUrl = required(args, "redis-url");
        int port = Integer.parseInt(args.getOrDefault("port", "0"));
        String key = args.getOrDefault("key", "socket.io");
        Duration requestsTimeout = Duration.ofMillis(Long.parseLong(args.getOrDefault("requests-timeout", "5000")));
        String name = args.getOrDefault("name", "java-" + ProcessHandle.current().pid());

        RedisAdapterFactory adapter = RedisAdapterFactory.connect(RedisURI.create(redisUrl),
                AdapterOptions.defaults().withKey(key).withRequestsTimeout(requestsTimeout));
        RoomcastServer io = RoomcastServer.builder().host("127.0.0.1").port(port).adapter(adapter).build();
        ServerSideLog serverSide = new ServerSideLog(name);
        new PeerChat().install(io.sockets());
        io.sockets().onServerSideEmit(serverSide::record);
        new ControlOps(io, serverSide, name).install(io.of("/control"));
        awaitReady(io, adapter);

        io.start();
        Runtime.getRuntime().addShutdownHook(new Thread(io::close, "java-peer-shutdown")); // closes the adapter too
        System.out.println("listening " + io.port());
        System.out.flush();
        new CountDownLatch(1).await(); // until the process is killed
    }

    /** As node-peer.js: announce readiness only once the other servers count this one. */
    private static void awaitReady(RoomcastServer io, RedisAdapterFactory adapter) throws InterruptedException {
        try {
            CompletableFuture.allOf(adapter.adapters().stream().map(RedisAdapter::subscribed)
                    .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the Redis adapter was not ready (connected and subscribed) within 10 s", e);
        }
        if (!io.isAdapterReady()) {
            throw new IllegalStateException("the Redis adapter is subscribed but not connected");
        }
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
                throw new IllegalArgumentException("bad argument " + argv[i] + "; usage: --port <p> --redis-url <url>"
                        + " [--key <k>] [--requests-timeout <ms>] [--name <n>]");
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

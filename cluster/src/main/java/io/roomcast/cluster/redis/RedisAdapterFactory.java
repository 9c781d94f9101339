package io.roomcast.cluster.redis;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterObserver;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.transport.ConnectionEvent;
import io.roomcast.cluster.protocol.MessageCodec;
import io.roomcast.cluster.transport.ConnectionListener;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.adapter.AdapterFactory;
import io.roomcast.socketio.adapter.AdapterContext;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Creates a {@link RedisAdapter} for each namespace of a server (Node's {@code createAdapter(pub, sub)} of
 * {@code @socket.io/redis-adapter}); pass it to {@code RoomcastServer.Builder.adapter}, and the server closes it.
 * All namespaces share one {@link PubSubTransport} (two Redis connections) and one timer thread. Use one factory per
 * server.
 *
 * <pre>{@code
 * RoomcastServer io = RoomcastServer.builder()
 *         .adapter(RedisAdapterFactory.connect("redis://redis:6379"))
 *         .build().start();
 * boolean ready = io.isAdapterReady();   // readiness: Redis up and subscribed
 * }</pre>
 *
 * <p>{@link AdapterOptions#subscriptionMode()}: {@link SubscriptionMode#STATIC} (default, Node's classic adapter:
 * every node receives every broadcast) or {@link SubscriptionMode#DYNAMIC_PRIVATE} (a broadcast to one room reaches
 * only the nodes hosting it; see {@link RedisAdapter}). {@link SubscriptionMode#DYNAMIC} is refused: see
 * {@link #DYNAMIC_REFUSED}.
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {

    /**
     * Why the classic adapter refuses {@link SubscriptionMode#DYNAMIC} (a channel per public room only). Node's
     * sharded adapter can have it because its publisher sends a broadcast to a socket id (a 20-character room,
     * {@code looksLikeASocketId}) on the namespace channel in that mode (dist/sharded-adapter.js:72-87). Node's
     * classic adapter publishes every single-room broadcast on the room's channel, socket ids included
     * ({@code to(socketId)}, {@code remoteSocket.emit}: dist/index.js:466-473, the redis-emitter alike), so a node
     * that does not subscribe its sockets' id rooms would silently lose them.
     */
    public static final String DYNAMIC_REFUSED = "subscriptionMode dynamic is not supported by the classic adapter:"
            + " Node's classic adapter publishes to(socketId) on the room channel key#nsp#<socketId>#, which a node"
            + " subscribed only to its public rooms would never receive; use dynamic-private (also subscribes each"
            + " socket's id room) or static";

    private final PubSubTransport transport;
    private final boolean ownsTransport;
    private final AdapterOptions options;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService timer;
    private final ConcurrentMap<String, RedisAdapter> adapters = new ConcurrentHashMap<>();
    private volatile ClusterObserver observer = ClusterObserver.NONE;

    /** Uses a transport the caller owns (and closes). */
    public RedisAdapterFactory(PubSubTransport transport, AdapterOptions options) {
        this(transport, options, false);
    }

    /** Connects to Redis with lettuce; the factory owns that transport and closes it in {@link #close()}. */
    public RedisAdapterFactory(RedisURI uri, AdapterOptions options) {
        this(LettuceTransport.connect(uri), options, true);
    }

    private RedisAdapterFactory(PubSubTransport transport, AdapterOptions options, boolean ownsTransport) {
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        if (options.subscriptionMode() == SubscriptionMode.DYNAMIC) {
            if (ownsTransport) {
                transport.close();
            }
            throw new IllegalArgumentException(DYNAMIC_REFUSED);
        }
        this.ownsTransport = ownsTransport;
        if (options.subscriptionMode() == SubscriptionMode.DYNAMIC_PRIVATE) {
            // a room whose SUBSCRIBE failed (Redis away) gets its channel once the subscription connection is back
            transport.addConnectionListener(event -> {
                if (event.up() && event.link() == ConnectionEvent.Link.SUBSCRIBE) {
                    adapters.values().forEach(RedisAdapter::resubscribeRooms);
                }
            });
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "roomcast-cluster-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects to Redis (e.g. {@code RedisURI.create("redis://:password@host:6379/0")}) with lettuce.
     *
     * @throws io.roomcast.cluster.ClusterException when Redis cannot be reached
     */
    public static RedisAdapterFactory connect(RedisURI uri, AdapterOptions options) {
        return new RedisAdapterFactory(uri, options);
    }

    /** Connects to Redis at this URL ({@code redis://[:password@]host:port[/db]}, {@code rediss://} for TLS). */
    public static RedisAdapterFactory connect(String url) {
        return connect(RedisURI.create(url), AdapterOptions.defaults());
    }

    /** As {@link #connect(RedisURI, AdapterOptions)}, with reconnect delays and command timeout chosen. */
    public static RedisAdapterFactory connect(RedisURI uri, LettuceTransportOptions transportOptions,
                                              AdapterOptions options) {
        return new RedisAdapterFactory(LettuceTransport.connect(uri, transportOptions), options, true);
    }

    @Override
    public Adapter create(AdapterContext context) {
        RedisAdapter adapter = new RedisAdapter(context, transport, options, codec, timer);
        adapter.observe(observer);
        adapters.put(context.namespace(), adapter);
        return adapter;
    }

    public AdapterOptions options() {
        return options;
    }

    public PubSubTransport transport() {
        return transport;
    }

    /** The adapters created so far, one per namespace. */
    public Collection<RedisAdapter> adapters() {
        return Collections.unmodifiableCollection(adapters.values());
    }

    /**
     * Readiness: whether both Redis connections are up. While down, the node keeps serving its local clients;
     * publishes fail and are counted, and the transport reconnects and re-subscribes by itself.
     */
    public boolean isConnected() {
        return transport.isConnected();
    }

    /**
     * Readiness: Redis is connected and every namespace's first subscriptions were confirmed, so this node is
     * counted by the other nodes and receives their broadcasts.
     */
    @Override
    public boolean isReady() {
        return isConnected() && adapters.values().stream().allMatch(adapter -> adapter.subscribed().isDone()
                && !adapter.subscribed().isCompletedExceptionally());
    }

    /**
     * Reports the messages and requests of every namespace's adapter, existing and future ones, to
     * {@code observer} (e.g. {@link io.roomcast.cluster.metrics.AdapterMetrics}).
     */
    public void observe(ClusterObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer must not be null");
        adapters.values().forEach(adapter -> adapter.observe(observer));
    }

    /** Told when a Redis connection goes down or comes back. */
    public void addConnectionListener(ConnectionListener listener) {
        transport.addConnectionListener(listener);
    }

    /** Stops the timer and, when this factory opened it, the Redis transport. Close the server's adapters first. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (ownsTransport) {
            transport.close();
        }
    }
}

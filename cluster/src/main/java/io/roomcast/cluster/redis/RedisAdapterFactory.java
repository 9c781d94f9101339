package io.roomcast.cluster.redis;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.transport.ConnectionEvent;
import io.roomcast.cluster.protocol.MessageCodec;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.adapter.AdapterContext;

import java.util.Objects;
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
public final class RedisAdapterFactory extends PubSubAdapterFactory<RedisAdapter> {

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

    private final AdapterOptions options;
    private final MessageCodec codec = new MessageCodec();

    /** Uses a transport the caller owns (and closes). */
    public RedisAdapterFactory(PubSubTransport transport, AdapterOptions options) {
        this(transport, options, false);
    }

    /** Connects to Redis with lettuce; the factory owns that transport and closes it in {@link #close()}. */
    public RedisAdapterFactory(RedisURI uri, AdapterOptions options) {
        this(LettuceTransport.connect(uri), options, true);
    }

    private RedisAdapterFactory(PubSubTransport transport, AdapterOptions options, boolean ownsTransport) {
        super(transport, ownsTransport);
        this.options = Objects.requireNonNull(options, "options must not be null");
        if (options.subscriptionMode() == SubscriptionMode.DYNAMIC) {
            close(); // the timer, and the transport when this factory opened it
            throw new IllegalArgumentException(DYNAMIC_REFUSED);
        }
        if (options.subscriptionMode() == SubscriptionMode.DYNAMIC_PRIVATE) {
            // a room whose SUBSCRIBE failed (Redis away) gets its channel once the subscription connection is back
            transport.addConnectionListener(event -> {
                if (event.up() && event.link() == ConnectionEvent.Link.SUBSCRIBE) {
                    adapters().forEach(RedisAdapter::resubscribeRooms);
                }
            });
        }
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
    protected RedisAdapter newAdapter(AdapterContext context, PubSubTransport transport,
                                      ScheduledExecutorService timer) {
        return new RedisAdapter(context, transport, options, codec, timer);
    }

    public AdapterOptions options() {
        return options;
    }
}

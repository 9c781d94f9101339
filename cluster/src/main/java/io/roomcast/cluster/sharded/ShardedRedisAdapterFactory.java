package io.roomcast.cluster.sharded;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.protocol.ClusterMessageCodec;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.adapter.AdapterContext;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Creates a {@link ShardedRedisAdapter} for each namespace of a server (Node's
 * {@code createShardedAdapter(pub, sub, opts)} of {@code @socket.io/redis-adapter} 8.3; Redis 7+): pass it to the
 * server's adapter option, and the server closes it. All namespaces share the sharded view of one
 * {@link PubSubTransport} and one timer thread. On a Redis Cluster, give it a
 * {@link io.roomcast.cluster.transport.LettuceClusterTransport}: each channel is then subscribed on its slot's master.
 *
 * <pre>{@code
 * RoomcastServer io = RoomcastServer.builder()
 *         .adapter(ShardedRedisAdapterFactory.connect(RedisURI.create("redis://redis:6379"),
 *                 ShardedAdapterOptions.defaults().withSubscriptionMode(SubscriptionMode.DYNAMIC)))
 *         .build().start();
 * }</pre>
 */
public final class ShardedRedisAdapterFactory extends PubSubAdapterFactory<ShardedRedisAdapter> {

    private final ShardedAdapterOptions options;
    private final ClusterMessageCodec codec = new ClusterMessageCodec();

    /** Uses {@code transport.sharded()}; the caller owns the transport (and closes it). */
    public ShardedRedisAdapterFactory(PubSubTransport transport, ShardedAdapterOptions options) {
        this(Objects.requireNonNull(transport, "transport must not be null"), options, false);
    }

    private ShardedRedisAdapterFactory(PubSubTransport transport, ShardedAdapterOptions options,
                                       boolean ownsTransport) {
        super(transport, ownsTransport);
        this.options = Objects.requireNonNull(options, "options must not be null");
    }

    /**
     * Connects to a standalone or replicated Redis 7+ with lettuce; the factory owns that transport and closes it
     * in {@link #close()}.
     *
     * @throws io.roomcast.cluster.ClusterException when Redis cannot be reached
     */
    public static ShardedRedisAdapterFactory connect(RedisURI uri, ShardedAdapterOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        return new ShardedRedisAdapterFactory(LettuceTransport.connect(uri), options, true);
    }

    @Override
    protected ShardedRedisAdapter newAdapter(AdapterContext context, PubSubTransport transport,
                                             ScheduledExecutorService timer) {
        return new ShardedRedisAdapter(context, transport.sharded(), options, codec, timer);
    }

    public ShardedAdapterOptions options() {
        return options;
    }
}

package io.roomcast.spring.autoconfigure;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.cluster.sharded.ShardedAdapterOptions;
import io.roomcast.cluster.sharded.ShardedRedisAdapterFactory;
import io.roomcast.cluster.streams.RedisStreamsAdapterFactory;
import io.roomcast.cluster.streams.StreamsAdapterOptions;
import io.roomcast.cluster.transport.LettuceClusterTransport;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.adapter.AdapterFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The adapter {@code roomcast.redis.*} names, connected, with what metrics and health need of it. The server owns
 * {@link #factory()} (closes it on close); {@link #close()} then closes the transport the factory does not own.
 *
 * @param kind      {@code memory}, {@code redis}, {@code redis-sharded} or {@code redis-streams}
 * @param pubSub    the pub/sub factory, for {@code AdapterMetrics}; empty for memory and streams
 * @param streamLag the stream reader's lag, only with {@code redis-streams}
 * @param transport the pub/sub transport the factory uses but does not own
 */
public record RoomcastAdapter(String kind, AdapterFactory factory, Optional<PubSubAdapterFactory<?>> pubSub,
                              Optional<Supplier<Duration>> streamLag, Optional<PubSubTransport> transport)
        implements AutoCloseable {

    static final List<String> KINDS = List.of("memory", "redis", "redis-sharded", "redis-streams");

    /** Whether the instances share rooms through Redis. */
    public boolean clustered() {
        return !kind.equals("memory");
    }

    /**
     * Connects the adapter of {@code roomcast.redis.adapter} (default {@code redis} with a URL, else {@code memory})
     * on the topology of {@code roomcast.redis.mode}.
     *
     * @throws IllegalArgumentException when the properties do not fit together
     * @throws io.roomcast.cluster.ClusterException when Redis cannot be reached
     */
    static RoomcastAdapter connect(RoomcastProperties.Redis redis) {
        Optional<String> url = Optional.ofNullable(redis.getUrl()).map(String::trim).filter(u -> !u.isEmpty());
        String kind = Optional.ofNullable(redis.getAdapter()).map(a -> a.trim().toLowerCase(Locale.ROOT))
                .orElse(url.isPresent() ? "redis" : "memory");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("roomcast.redis.adapter must be one of " + KINDS + ", not " + kind);
        }
        if (kind.equals("memory")) {
            return new RoomcastAdapter(kind, AdapterFactory.IN_MEMORY, Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        String raw = url.orElseThrow(() -> new IllegalArgumentException(
                "roomcast.redis.adapter=" + kind + " needs roomcast.redis.url"));
        String mode = Optional.ofNullable(redis.getMode()).map(m -> m.trim().toLowerCase(Locale.ROOT))
                .orElse(raw.startsWith("redis-sentinel://") ? "sentinel" : "standalone");
        if (!List.of("standalone", "sentinel", "cluster").contains(mode)) {
            throw new IllegalArgumentException("roomcast.redis.mode must be standalone, sentinel or cluster, not "
                    + mode);
        }
        if (mode.equals("cluster") && kind.equals("redis-streams")) {
            throw new IllegalArgumentException("roomcast.redis.adapter=redis-streams does not run with "
                    + "roomcast.redis.mode=cluster (its stream is one key)");
        }
        if (!mode.equals("cluster") && raw.contains(",") && !raw.startsWith("redis-sentinel://")) {
            throw new IllegalArgumentException("roomcast.redis.url names several nodes, which needs "
                    + "roomcast.redis.mode=cluster");
        }
        Optional<SubscriptionMode> subscriptionMode = Optional.ofNullable(redis.getSubscriptionMode())
                .map(String::trim).filter(s -> !s.isEmpty()).map(SubscriptionMode::fromName);
        LettuceTransportOptions transportOptions = LettuceTransportOptions.DEFAULT;
        if (kind.equals("redis-streams")) {
            RedisStreamsAdapterFactory factory = RedisStreamsAdapterFactory.connect(RedisURI.create(raw),
                    transportOptions, StreamsAdapterOptions.defaults().withChannelPrefix(redis.getKey())
                            .withRequestsTimeout(redis.getRequestsTimeout()).withMaxLen(redis.getStreamMaxLen())
                            .withMaxPublishBytes(redis.getMaxPublishBytes()));
            return new RoomcastAdapter(kind, factory, Optional.empty(), Optional.of(factory::streamLag),
                    Optional.empty());
        }
        PubSubTransport transport = mode.equals("cluster")
                ? LettuceClusterTransport.connect(Arrays.stream(raw.split(",")).map(String::trim)
                        .map(seed -> RedisURI.create(seed.contains("://") ? seed : "redis://" + seed)).toList(),
                        transportOptions)
                : LettuceTransport.connect(RedisURI.create(raw), transportOptions);
        try {
            PubSubAdapterFactory<?> factory = kind.equals("redis")
                    ? new RedisAdapterFactory(transport, AdapterOptions.defaults().withKey(redis.getKey())
                            .withRequestsTimeout(redis.getRequestsTimeout())
                            .withSubscriptionMode(subscriptionMode.orElse(AdapterOptions.DEFAULT_SUBSCRIPTION_MODE))
                            .withMaxPublishBytes(redis.getMaxPublishBytes()))
                    : new ShardedRedisAdapterFactory(transport, ShardedAdapterOptions.defaults()
                            .withChannelPrefix(redis.getKey()).withRequestsTimeout(redis.getRequestsTimeout())
                            .withSubscriptionMode(subscriptionMode.orElse(ShardedAdapterOptions.DEFAULT_SUBSCRIPTION_MODE))
                            .withMaxPublishBytes(redis.getMaxPublishBytes()));
            return new RoomcastAdapter(kind, factory, Optional.of(factory), Optional.empty(), Optional.of(transport));
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    @Override
    public void close() {
        transport.ifPresent(PubSubTransport::close);
    }
}

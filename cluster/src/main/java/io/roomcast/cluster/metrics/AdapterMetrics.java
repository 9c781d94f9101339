package io.roomcast.cluster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomcast.cluster.ClusterObserver;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.MessageKind;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.PublishFailure;
import io.roomcast.cluster.protocol.RequestType;
import io.roomcast.cluster.transport.RedisState;
import io.roomcast.cluster.streams.RedisStreamsAdapterFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Meters of a node's Redis adapter (all namespaces together), in the style of Micrometer's
 * {@code NettyEventExecutorMetrics}: the registry is passed in, extra tags are added to every meter. Binding it
 * also makes it the factory's {@link ClusterObserver}. Bind it once, before the Socket.IO server creates its
 * namespaces if possible (later namespaces are observed too).
 *
 * <table>
 *   <caption>Meters (Prometheus names in the README's "Metrics" section)</caption>
 *   <tr><td>{@value #MESSAGES_PUBLISHED}{kind}</td><td>counter: messages Redis accepted</td></tr>
 *   <tr><td>{@value #MESSAGES_RECEIVED}{kind}</td><td>counter: messages received, own echoes included</td></tr>
 *   <tr><td>{@value #MESSAGES_DROPPED}{reason}</td><td>counter: received and dropped (malformed,
 *       wrong_namespace, handler_error) or not published (publish_failed: never reached Redis; publish_timeout:
 *       written, not answered in time, may still be delivered; too_large: over maxPublishBytes, refused)</td></tr>
 *   <tr><td>{@value #PUBSUB_LATENCY}</td><td>timer: PUBLISH to the own echo on the pattern subscription</td></tr>
 *   <tr><td>{@value #REQUEST_LATENCY}{type}</td><td>timer: cross-node request duration</td></tr>
 *   <tr><td>{@value #REQUEST_TIMEOUTS}{type}</td><td>counter: requests that timed out</td></tr>
 *   <tr><td>{@value #REDIS_UP}</td><td>gauge: 1 when Redis is connected, answering PING in time, and every
 *       namespace subscribed</td></tr>
 *   <tr><td>{@value #REDIS_STALLED}</td><td>gauge: 1 while Redis is connected but a PING has been unanswered past
 *       the stall timeout (frozen or overloaded); {@value #REDIS_UP} is 0 then too</td></tr>
 *   <tr><td>{@value #REDIS_RECONNECTS}</td><td>function counter: Redis reconnections</td></tr>
 *   <tr><td>{@value #STREAM_LAG}</td><td>time gauge, streams adapter only: the slowest read loop's lag</td></tr>
 * </table>
 */
public final class AdapterMetrics implements MeterBinder, ClusterObserver {

    public static final String MESSAGES_PUBLISHED = "roomcast.cluster.messages.published";
    public static final String MESSAGES_RECEIVED = "roomcast.cluster.messages.received";
    public static final String MESSAGES_DROPPED = "roomcast.cluster.messages.dropped";
    public static final String PUBSUB_LATENCY = "roomcast.cluster.pubsub.latency";
    public static final String REQUEST_LATENCY = "roomcast.cluster.request.latency";
    public static final String REQUEST_TIMEOUTS = "roomcast.cluster.request.timeouts";
    public static final String REDIS_UP = "roomcast.cluster.redis.up";
    public static final String REDIS_RECONNECTS = "roomcast.cluster.redis.reconnects";
    public static final String REDIS_STALLED = "roomcast.cluster.redis.stalled";
    /** Streams adapter only. */
    public static final String STREAM_LAG = "roomcast.cluster.streams.lag";

    public static final String TAG_KIND = "kind";
    public static final String TAG_REASON = "reason";
    public static final String TAG_TYPE = "type";
    /** {@code reason} of a message that could not be published ({@link PublishFailure#FAILED}). */
    public static final String REASON_PUBLISH_FAILED = PublishFailure.FAILED.tag();
    /** {@code reason} of a publish Redis did not answer in time ({@link PublishFailure#TIMEOUT}). */
    public static final String REASON_PUBLISH_TIMEOUT = PublishFailure.TIMEOUT.tag();
    /** {@code reason} of a message refused for its size ({@link PublishFailure#TOO_LARGE}). */
    public static final String REASON_TOO_LARGE = PublishFailure.TOO_LARGE.tag();
    /** {@code type} of the {@code PUBSUB NUMSUB} server count. */
    public static final String TYPE_SERVER_COUNT = "server_count";

    /** Histogram range: Redis round-trips are sub-millisecond on a LAN, requests wait up to their timeout. */
    private static final Duration MIN_EXPECTED = Duration.ofMillis(1).dividedBy(10);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

    /** What the meters read from the factory, pub/sub (classic, sharded) or streams. */
    private record Source(BooleanSupplier ready, BooleanSupplier stalled, LongSupplier reconnects,
                          Consumer<ClusterObserver> observe, Supplier<Duration> streamLag) {
    }

    private final Source factory;
    private final Iterable<Tag> tags;

    private final Map<MessageKind, Counter> published = new EnumMap<>(MessageKind.class);
    private final Map<MessageKind, Counter> received = new EnumMap<>(MessageKind.class);
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<RequestType, Timer> requestLatency = new EnumMap<>(RequestType.class);
    private final Map<RequestType, Counter> requestTimeouts = new EnumMap<>(RequestType.class);
    private final Map<PublishFailure, Counter> publishFailed = new EnumMap<>(PublishFailure.class);
    private volatile Timer pubSubLatency;
    private volatile Timer serverCountLatency;
    private volatile Counter serverCountTimeouts;

    /** Meters of a pub/sub adapter: the classic {@code RedisAdapterFactory} or the {@code ShardedRedisAdapterFactory}. */
    public AdapterMetrics(PubSubAdapterFactory<?> factory) {
        this(factory, Tags.empty());
    }

    /** @param tags added to every meter */
    public AdapterMetrics(PubSubAdapterFactory<?> factory, Iterable<Tag> tags) {
        this(new Source(Objects.requireNonNull(factory, "factory must not be null")::isReady,
                () -> factory.redisState() == RedisState.STALLED,
                () -> factory.transport().stats().reconnects(), factory::observe, null), tags);
    }

    /** Meters of the streams adapter: the same, plus {@value #STREAM_LAG}. */
    public AdapterMetrics(RedisStreamsAdapterFactory factory) {
        this(factory, Tags.empty());
    }

    /** @param tags added to every meter */
    public AdapterMetrics(RedisStreamsAdapterFactory factory, Iterable<Tag> tags) {
        this(new Source(Objects.requireNonNull(factory, "factory must not be null")::isReady,
                () -> factory.redisState() == RedisState.STALLED,
                () -> factory.transport().stats().reconnects(), factory::observe, factory::streamLag), tags);
    }

    private AdapterMetrics(Source factory, Iterable<Tag> tags) {
        this.factory = factory;
        this.tags = Objects.requireNonNull(tags, "tags must not be null");
    }

    /** The {@code type} tag of a request type, or null for types this node never waits on. */
    public static String requestTypeTag(RequestType type) {
        return switch (type) {
            case REMOTE_FETCH -> "fetch_sockets";
            case ALL_ROOMS -> "all_rooms";
            case SERVER_SIDE_EMIT -> "server_side_emit";
            case BROADCAST -> "broadcast_ack";
            default -> null;
        };
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MessageKind kind : MessageKind.values()) {
            published.put(kind, Counter.builder(MESSAGES_PUBLISHED).tags(tags).tag(TAG_KIND, kind.tag())
                    .description("Messages published to Redis").register(registry));
            received.put(kind, Counter.builder(MESSAGES_RECEIVED).tags(tags).tag(TAG_KIND, kind.tag())
                    .description("Messages received from Redis, own echoes included").register(registry));
        }
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, dropped(registry, reason.tag()));
        }
        for (PublishFailure cause : PublishFailure.values()) {
            publishFailed.put(cause, dropped(registry, cause.tag()));
        }
        for (RequestType type : RequestType.values()) {
            String tag = requestTypeTag(type);
            if (tag != null) {
                requestLatency.put(type, requestLatency(registry, tag));
                requestTimeouts.put(type, requestTimeouts(registry, tag));
            }
        }
        serverCountLatency = requestLatency(registry, TYPE_SERVER_COUNT);
        serverCountTimeouts = requestTimeouts(registry, TYPE_SERVER_COUNT);
        pubSubLatency = Timer.builder(PUBSUB_LATENCY).tags(tags)
                .description("Time from publishing a broadcast to its echo on this node's pattern subscription")
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry);
        Gauge.builder(REDIS_UP, factory, f -> f.ready().getAsBoolean() ? 1 : 0).tags(tags)
                .description("1 when Redis is connected, answers PING in time and every namespace is subscribed, "
                        + "else 0")
                .register(registry);
        Gauge.builder(REDIS_STALLED, factory, f -> f.stalled().getAsBoolean() ? 1 : 0).tags(tags)
                .description("1 while Redis is connected but has not answered a PING within the stall timeout")
                .register(registry);
        FunctionCounter.builder(REDIS_RECONNECTS, factory, f -> f.reconnects().getAsLong()).tags(tags)
                .description("Redis connections re-established after a loss")
                .register(registry);
        if (factory.streamLag() != null) {
            TimeGauge.builder(STREAM_LAG, factory, TimeUnit.MILLISECONDS, f -> f.streamLag().get().toMillis())
                    .tags(tags)
                    .description("How far the slowest stream read loop is behind its stream's newest entry")
                    .register(registry);
        }
        factory.observe().accept(this);
    }

    private Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder(MESSAGES_DROPPED).tags(tags).tag(TAG_REASON, reason)
                .description("Cluster messages dropped on receipt, or not published (publish_failed, publish_timeout, "
                        + "too_large)")
                .register(registry);
    }

    private Timer requestLatency(MeterRegistry registry, String type) {
        return Timer.builder(REQUEST_LATENCY).tags(tags).tag(TAG_TYPE, type)
                .description("Cross-node request duration")
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry);
    }

    private Counter requestTimeouts(MeterRegistry registry, String type) {
        return Counter.builder(REQUEST_TIMEOUTS).tags(tags).tag(TAG_TYPE, type)
                .description("Cross-node requests that timed out").register(registry);
    }

    // ---------------------------------------------------------------- ClusterObserver

    @Override
    public void published(MessageKind kind) {
        published.get(kind).increment();
    }

    @Override
    public void publishFailed(MessageKind kind, PublishFailure cause) {
        publishFailed.get(cause).increment();
    }

    @Override
    public void received(MessageKind kind) {
        received.get(kind).increment();
    }

    @Override
    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    @Override
    public void pubSubRoundTrip(long nanos) {
        pubSubLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void requestCompleted(RequestType type, long nanos) {
        Timer timer = requestLatency.get(type);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void requestTimedOut(RequestType type) {
        Counter counter = requestTimeouts.get(type);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void serverCountCompleted(long nanos) {
        serverCountLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void serverCountTimedOut() {
        serverCountTimeouts.increment();
    }
}

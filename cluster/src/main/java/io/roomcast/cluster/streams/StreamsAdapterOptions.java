package io.roomcast.cluster.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the streams adapter, with the names and defaults of {@code @socket.io/redis-streams-adapter} 0.3.x
 * {@code createAdapter(client, opts)} (protocol §6.2). Build with {@code defaults().withX(...)}.
 *
 * @param streamName       stream key, or its prefix when {@code streamCount > 1} (Node: {@code "socket.io"})
 * @param streamCount      number of streams; a namespace goes to {@code streamName-(hashCode % streamCount)} (1)
 * @param channelPrefix    prefix of the pub/sub channels {@code P#nsp#} and {@code P#nsp#uid#} ({@code "socket.io"})
 * @param maxLen           {@code XADD ... MAXLEN ~ maxLen}: how much history recovery can replay (10000)
 * @param readCount        {@code XREAD COUNT} (100)
 * @param blockTime        {@code XREAD BLOCK} (Node's {@code blockTimeInMs}: 5 s)
 * @param sessionKeyPrefix key prefix of saved recovery sessions ({@code "sio:session:"})
 * @param requestsTimeout  how long fetchSockets and serverSideEmit-with-ack wait for the other servers (5 s)
 * @param onlyPlaintext    never MessagePack in the stream: binary values become {@code {"type":"Buffer"}} (false)
 * @param keepLiveSessions Roomcast only: with recovery on, keep the session of every connected socket current in
 *                         Redis, so that the clients of a node that dies without saving them (SIGKILL, OOM) still
 *                         recover on another node (true; costs one HSET + PEXPIRE per connect, join, leave and data
 *                         change, and a PEXPIRE per socket every third of {@code maxDisconnectionDuration})
 * @param liveSessionKeyPrefix key prefix of those records ({@code "roomcast:live-session:"}); Node nodes never read
 *                         them
 * @param maxPublishBytes  largest encoded message (stream entry or pub/sub envelope) this node sends, as
 *                         {@link io.roomcast.cluster.AdapterOptions#maxPublishBytes()} (8 MiB; Roomcast only)
 */
public record StreamsAdapterOptions(String streamName, int streamCount, String channelPrefix, long maxLen,
                                    int readCount, Duration blockTime, String sessionKeyPrefix,
                                    Duration requestsTimeout, boolean onlyPlaintext, boolean keepLiveSessions,
                                    String liveSessionKeyPrefix, int maxPublishBytes) {

    public static final String DEFAULT_STREAM_NAME = "socket.io";
    public static final int DEFAULT_STREAM_COUNT = 1;
    public static final String DEFAULT_CHANNEL_PREFIX = "socket.io";
    public static final long DEFAULT_MAX_LEN = 10_000;
    public static final int DEFAULT_READ_COUNT = 100;
    public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(5);
    public static final String DEFAULT_SESSION_KEY_PREFIX = "sio:session:";
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
    public static final boolean DEFAULT_ONLY_PLAINTEXT = false;
    public static final String DEFAULT_LIVE_SESSION_KEY_PREFIX = "roomcast:live-session:";

    public StreamsAdapterOptions {
        requireText(streamName, "streamName");
        requireText(channelPrefix, "channelPrefix");
        Objects.requireNonNull(sessionKeyPrefix, "sessionKeyPrefix must not be null");
        requireText(liveSessionKeyPrefix, "liveSessionKeyPrefix");
        if (streamCount < 1) {
            throw new IllegalArgumentException("streamCount must be >= 1");
        }
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen must be >= 1");
        }
        if (readCount < 1) {
            throw new IllegalArgumentException("readCount must be >= 1");
        }
        if (blockTime == null || blockTime.isNegative() || blockTime.isZero()) {
            throw new IllegalArgumentException("blockTime must be > 0");
        }
        if (requestsTimeout == null || requestsTimeout.isNegative() || requestsTimeout.isZero()) {
            throw new IllegalArgumentException("requestsTimeout must be > 0");
        }
        io.roomcast.cluster.AdapterOptions.requireMaxPublishBytes(maxPublishBytes);
    }

    /** With the default {@code maxPublishBytes}. */
    public StreamsAdapterOptions(String streamName, int streamCount, String channelPrefix, long maxLen,
                                 int readCount, Duration blockTime, String sessionKeyPrefix,
                                 Duration requestsTimeout, boolean onlyPlaintext, boolean keepLiveSessions,
                                 String liveSessionKeyPrefix) {
        this(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime, sessionKeyPrefix, requestsTimeout,
                onlyPlaintext, keepLiveSessions, liveSessionKeyPrefix,
                io.roomcast.cluster.AdapterOptions.DEFAULT_MAX_PUBLISH_BYTES);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    /** Node's defaults. */
    public static StreamsAdapterOptions defaults() {
        return new StreamsAdapterOptions(DEFAULT_STREAM_NAME, DEFAULT_STREAM_COUNT, DEFAULT_CHANNEL_PREFIX,
                DEFAULT_MAX_LEN, DEFAULT_READ_COUNT, DEFAULT_BLOCK_TIME, DEFAULT_SESSION_KEY_PREFIX,
                DEFAULT_REQUESTS_TIMEOUT, DEFAULT_ONLY_PLAINTEXT, true, DEFAULT_LIVE_SESSION_KEY_PREFIX,
                io.roomcast.cluster.AdapterOptions.DEFAULT_MAX_PUBLISH_BYTES);
    }

    /**
     * The stream of a namespace: {@code streamName} with one stream, else {@code streamName-i} with
     * {@code i = nsp.hashCode() % streamCount}, Java's {@code %} as Node's (a negative hash gives {@code -i}, §6.3).
     */
    public String streamFor(String namespace) {
        return streamCount == 1 ? streamName : streamName + "-" + (namespace.hashCode() % streamCount);
    }

    public StreamsAdapterOptions withStreamName(String streamName) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withStreamCount(int streamCount) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withChannelPrefix(String channelPrefix) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withMaxLen(long maxLen) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withReadCount(int readCount) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withBlockTime(Duration blockTime) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withSessionKeyPrefix(String sessionKeyPrefix) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withRequestsTimeout(Duration requestsTimeout) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withOnlyPlaintext(boolean onlyPlaintext) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions,
                liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withKeepLiveSessions(boolean keep) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keep, liveSessionKeyPrefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withLiveSessionKeyPrefix(String prefix) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions, prefix, maxPublishBytes);
    }

    public StreamsAdapterOptions withMaxPublishBytes(int maxPublishBytes) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext, keepLiveSessions, liveSessionKeyPrefix,
                maxPublishBytes);
    }
}

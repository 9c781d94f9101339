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
 */
public record StreamsAdapterOptions(String streamName, int streamCount, String channelPrefix, long maxLen,
                                    int readCount, Duration blockTime, String sessionKeyPrefix,
                                    Duration requestsTimeout, boolean onlyPlaintext) {

    public static final String DEFAULT_STREAM_NAME = "socket.io";
    public static final int DEFAULT_STREAM_COUNT = 1;
    public static final String DEFAULT_CHANNEL_PREFIX = "socket.io";
    public static final long DEFAULT_MAX_LEN = 10_000;
    public static final int DEFAULT_READ_COUNT = 100;
    public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(5);
    public static final String DEFAULT_SESSION_KEY_PREFIX = "sio:session:";
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
    public static final boolean DEFAULT_ONLY_PLAINTEXT = false;

    public StreamsAdapterOptions {
        requireText(streamName, "streamName");
        requireText(channelPrefix, "channelPrefix");
        Objects.requireNonNull(sessionKeyPrefix, "sessionKeyPrefix must not be null");
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
                DEFAULT_REQUESTS_TIMEOUT, DEFAULT_ONLY_PLAINTEXT);
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
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withStreamCount(int streamCount) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withChannelPrefix(String channelPrefix) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withMaxLen(long maxLen) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withReadCount(int readCount) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withBlockTime(Duration blockTime) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withSessionKeyPrefix(String sessionKeyPrefix) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withRequestsTimeout(Duration requestsTimeout) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }

    public StreamsAdapterOptions withOnlyPlaintext(boolean onlyPlaintext) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix, maxLen, readCount, blockTime,
                sessionKeyPrefix, requestsTimeout, onlyPlaintext);
    }
}

package io.roomcast.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code roomcast.*}: the embedded Socket.IO server, with the defaults of the node's environment variables (the
 * variable each one mirrors is named in its comment; the README of node-server explains them at length).
 */
@ConfigurationProperties("roomcast")
public class RoomcastProperties {

    /** Whether to start a Roomcast server at all. */
    private boolean enabled = true;

    /** Port of the Socket.IO server, apart from the application's web server (PORT); 0 picks a free port. */
    private int port = 3000;

    /** Bind address of the Socket.IO port (HOST). */
    private String host = "0.0.0.0";

    /** Where the Engine.IO endpoint listens (Node's path option). */
    private String path = "/socket.io";

    /** Transports offered: polling, websocket (TRANSPORTS). */
    private List<String> transports = new ArrayList<>(List.of("polling", "websocket"));

    /** Engine.IO heartbeat interval (PING_INTERVAL, Node's pingInterval). */
    private Duration pingInterval = Duration.ofSeconds(25);

    /** How long a pong may take before the session is closed (PING_TIMEOUT, Node's pingTimeout). */
    private Duration pingTimeout = Duration.ofSeconds(20);

    /** How long a client may take to connect to a namespace after the handshake (CONNECT_TIMEOUT). */
    private Duration connectTimeout = Duration.ofSeconds(45);

    /** How long a client may take to send a whole HTTP request: slower ones get 408 (HTTP_REQUEST_TIMEOUT). */
    private Duration httpRequestTimeout = Duration.ofSeconds(10);

    /** Largest Engine.IO message or HTTP body in bytes (MAX_PAYLOAD, Node's maxHttpBufferSize). */
    private int maxHttpBufferSize = 1_000_000;

    /** Bytes that may wait for one slow client before its session closes with "write buffer full" (MAX_BUFFERED_BYTES). */
    private long maxBufferedBytes = 8388608;

    /** Open Engine.IO sessions one remote IP address may have; 0 is no limit (MAX_CONNECTIONS_PER_IP). */
    private int maxConnectionsPerIp = 0;

    /** Event-loop threads of the Socket.IO port; 0 lets Netty choose (WORKER_THREADS). */
    private int workerThreads = 0;

    /** Linux epoll where its native library loads, NIO elsewhere (NATIVE_TRANSPORT). */
    private boolean nativeTransport = true;

    private final Cors cors = new Cors();

    private final RateLimit rateLimit = new RateLimit();

    private final Recovery recovery = new Recovery();

    private final Redis redis = new Redis();

    private final Shutdown shutdown = new Shutdown();

    private final Metrics metrics = new Metrics();

    /** Browser origins allowed to use the Socket.IO path (Node's cors option); none by default. */
    public static class Cors {

        /** Allowed origins (CORS_ORIGINS), or "*" for any; empty sends no CORS headers. */
        private List<String> origins = new ArrayList<>();

        /** Sends Access-Control-Allow-Credentials: true; needs a list of origins, not "*" (CORS_CREDENTIALS). */
        private boolean credentials = false;

        public List<String> getOrigins() {
            return origins;
        }

        public void setOrigins(List<String> origins) {
            this.origins = origins;
        }

        public boolean isCredentials() {
            return credentials;
        }

        public void setCredentials(boolean credentials) {
            this.credentials = credentials;
        }
    }

    /** Rate limits on client events; none by default. */
    public static class RateLimit {

        /**
         * Token bucket on the events one connection sends, as N/period with an optional burst ("20/1s",
         * "20/1s,burst=40"); unset is no limit (RATE_LIMIT_EVENTS).
         */
        private String events;

        /**
         * With a limit: a connection refused more than N times within the period is closed ("100/10s"), or "off"
         * (RATE_LIMIT_DISCONNECT_AFTER).
         */
        private String disconnectAfter = "100/10s";

        public String getEvents() {
            return events;
        }

        public void setEvents(String events) {
            this.events = events;
        }

        public String getDisconnectAfter() {
            return disconnectAfter;
        }

        public void setDisconnectAfter(String disconnectAfter) {
            this.disconnectAfter = disconnectAfter;
        }
    }

    /** Connection state recovery (Node's connectionStateRecovery); off unless max-disconnection is set. */
    public static class Recovery {

        /**
         * How long a disconnected client's id, rooms, data and missed events are kept (RECOVERY_MAX_DISCONNECTION);
         * unset is recovery off. Across instances it needs adapter redis-streams.
         */
        private Duration maxDisconnection;

        /** A recovered client skips the middlewares, JWT check included (RECOVERY_SKIP_MIDDLEWARES). */
        private boolean skipMiddlewares = true;

        public Duration getMaxDisconnection() {
            return maxDisconnection;
        }

        public void setMaxDisconnection(Duration maxDisconnection) {
            this.maxDisconnection = maxDisconnection;
        }

        public boolean isSkipMiddlewares() {
            return skipMiddlewares;
        }

        public void setSkipMiddlewares(boolean skipMiddlewares) {
            this.skipMiddlewares = skipMiddlewares;
        }
    }

    /** The Redis that joins the application's instances into one Socket.IO cluster. */
    public static class Redis {

        /**
         * Where Redis is (REDIS_URL): redis:// or rediss:// (standalone), redis-sentinel://...#master (sentinel),
         * or comma-separated seeds (cluster). Unset: one instance, in-memory adapter.
         */
        private String url;

        /** Redis topology: standalone, sentinel or cluster; by default sentinel for a redis-sentinel:// URL (REDIS_MODE). */
        private String mode;

        /**
         * The Socket.IO adapter: redis (pub/sub), redis-sharded (Redis 7 sharded pub/sub), redis-streams (recovers
         * sessions across instances) or memory; by default redis when the URL is set, else memory (ADAPTER).
         */
        private String adapter;

        /** Prefix of the Redis channels, as key of Node's @socket.io/redis-adapter (ADAPTER_KEY). */
        private String key = "socket.io";

        /** How long a cross-instance request (fetchSockets, serverSideEmit with ack, ...) waits (REQUESTS_TIMEOUT). */
        private Duration requestsTimeout = Duration.ofSeconds(5);

        /** Largest message in bytes published to Redis; larger ones are delivered locally only (REDIS_MAX_PUBLISH_BYTES). */
        private int maxPublishBytes = 8388608;

        /**
         * Which channels an instance subscribes to: static, dynamic or dynamic-private; by default dynamic with
         * redis-sharded, else static (SUBSCRIPTION_MODE).
         */
        private String subscriptionMode;

        /** With redis-streams: entries the Redis stream keeps (STREAM_MAXLEN). */
        private long streamMaxLen = 10_000;

        /** The health indicator reports DOWN while Redis is down, not only a detail (READINESS_REQUIRES_REDIS). */
        private boolean healthRequired = false;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public String getAdapter() {
            return adapter;
        }

        public void setAdapter(String adapter) {
            this.adapter = adapter;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Duration getRequestsTimeout() {
            return requestsTimeout;
        }

        public void setRequestsTimeout(Duration requestsTimeout) {
            this.requestsTimeout = requestsTimeout;
        }

        public int getMaxPublishBytes() {
            return maxPublishBytes;
        }

        public void setMaxPublishBytes(int maxPublishBytes) {
            this.maxPublishBytes = maxPublishBytes;
        }

        public String getSubscriptionMode() {
            return subscriptionMode;
        }

        public void setSubscriptionMode(String subscriptionMode) {
            this.subscriptionMode = subscriptionMode;
        }

        public long getStreamMaxLen() {
            return streamMaxLen;
        }

        public void setStreamMaxLen(long streamMaxLen) {
            this.streamMaxLen = streamMaxLen;
        }

        public boolean isHealthRequired() {
            return healthRequired;
        }

        public void setHealthRequired(boolean healthRequired) {
            this.healthRequired = healthRequired;
        }
    }

    /** The drain when the application context closes (Boot's graceful shutdown phase). */
    public static class Shutdown {

        /** Time budget for sessions to leave before the server closes (SHUTDOWN_GRACE). */
        private Duration grace = Duration.ofSeconds(30);

        /** Window over which the drain spreads its session closes; at most the grace (DRAIN_SPREAD). */
        private Duration drainSpread = Duration.ofSeconds(5);

        public Duration getGrace() {
            return grace;
        }

        public void setGrace(Duration grace) {
            this.grace = grace;
        }

        public Duration getDrainSpread() {
            return drainSpread;
        }

        public void setDrainSpread(Duration drainSpread) {
            this.drainSpread = drainSpread;
        }
    }

    /** The Roomcast meters on the application's MeterRegistry. */
    public static class Metrics {

        /**
         * Event names counted under their own event tag; any other event counts as "other" (METRICS_EVENTS). Empty:
         * the events the @RoomcastController methods handle.
         */
        private List<String> events = new ArrayList<>();

        public List<String> getEvents() {
            return events;
        }

        public void setEvents(List<String> events) {
            this.events = events;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public List<String> getTransports() {
        return transports;
    }

    public void setTransports(List<String> transports) {
        this.transports = transports;
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public Duration getPingTimeout() {
        return pingTimeout;
    }

    public void setPingTimeout(Duration pingTimeout) {
        this.pingTimeout = pingTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getHttpRequestTimeout() {
        return httpRequestTimeout;
    }

    public void setHttpRequestTimeout(Duration httpRequestTimeout) {
        this.httpRequestTimeout = httpRequestTimeout;
    }

    public int getMaxHttpBufferSize() {
        return maxHttpBufferSize;
    }

    public void setMaxHttpBufferSize(int maxHttpBufferSize) {
        this.maxHttpBufferSize = maxHttpBufferSize;
    }

    public long getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    public void setMaxBufferedBytes(long maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public int getMaxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    public void setMaxConnectionsPerIp(int maxConnectionsPerIp) {
        this.maxConnectionsPerIp = maxConnectionsPerIp;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    public boolean isNativeTransport() {
        return nativeTransport;
    }

    public void setNativeTransport(boolean nativeTransport) {
        this.nativeTransport = nativeTransport;
    }

    public Cors getCors() {
        return cors;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    public Recovery getRecovery() {
        return recovery;
    }

    public Redis getRedis() {
        return redis;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Metrics getMetrics() {
        return metrics;
    }
}

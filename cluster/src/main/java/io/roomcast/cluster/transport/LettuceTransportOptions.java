package io.roomcast.cluster.transport;

import io.lettuce.core.SslOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LettuceTransport}.
 *
 * @param reconnectDelayMin first wait before reconnecting after a connection loss
 * @param reconnectDelayMax longest wait between reconnect attempts (the delay doubles up to it)
 * @param commandTimeout    how long a PUBLISH or NUMSUB may take before it fails; a publish in flight when Redis
 *                          goes away fails after this instead of being replayed much later
 * @param topologyRefreshPeriod Redis Cluster only: how often the slot map is read again even when nothing
 *                          signalled a change (MOVED replies and lost connections trigger a refresh at once); it
 *                          bounds how long a failover may go unnoticed
 * @param pingInterval      how often the command connection sends a PING to tell a frozen Redis from a live one
 * @param stallTimeout      how long a PING may go unanswered before Redis counts as {@link RedisState#STALLED}
 * @param sslOptions        for a {@code rediss://} URI: which certificates to trust (lettuce's default: the JVM's
 *                          trust store) and the client certificate to present (Redis asks for one unless
 *                          {@code tls-auth-clients no}); unused without TLS
 */
public record LettuceTransportOptions(Duration reconnectDelayMin, Duration reconnectDelayMax,
                                      Duration commandTimeout, Duration topologyRefreshPeriod,
                                      Duration pingInterval, Duration stallTimeout, SslOptions sslOptions) {

    public static final Duration DEFAULT_RECONNECT_DELAY_MIN = Duration.ofMillis(100);
    /** Node's redis client waits at most 500 ms; lettuce's own default of 30 s is too long for a cluster bus. */
    public static final Duration DEFAULT_RECONNECT_DELAY_MAX = Duration.ofSeconds(2);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** Lettuce's own default is 60 s (and off); a replica takes over within seconds, so look every 2 s. */
    public static final Duration DEFAULT_TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(2);

    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(1);
    /** A PING on a LAN takes well under a millisecond; 2 s without PONG is a frozen or drowning Redis. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(2);

    public static final LettuceTransportOptions DEFAULT = new LettuceTransportOptions(DEFAULT_RECONNECT_DELAY_MIN,
            DEFAULT_RECONNECT_DELAY_MAX, DEFAULT_COMMAND_TIMEOUT, DEFAULT_TOPOLOGY_REFRESH_PERIOD,
            DEFAULT_PING_INTERVAL, DEFAULT_STALL_TIMEOUT, SslOptions.create());

    public LettuceTransportOptions {
        Objects.requireNonNull(reconnectDelayMin, "reconnectDelayMin must not be null");
        Objects.requireNonNull(reconnectDelayMax, "reconnectDelayMax must not be null");
        Objects.requireNonNull(commandTimeout, "commandTimeout must not be null");
        if (reconnectDelayMin.isNegative() || reconnectDelayMin.isZero()) {
            throw new IllegalArgumentException("reconnectDelayMin must be > 0");
        }
        if (reconnectDelayMax.compareTo(reconnectDelayMin) < 0) {
            throw new IllegalArgumentException("reconnectDelayMax must be >= reconnectDelayMin");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be > 0");
        }
        Objects.requireNonNull(topologyRefreshPeriod, "topologyRefreshPeriod must not be null");
        if (topologyRefreshPeriod.isNegative() || topologyRefreshPeriod.isZero()) {
            throw new IllegalArgumentException("topologyRefreshPeriod must be > 0");
        }
        if (pingInterval == null || pingInterval.toMillis() <= 0) {
            throw new IllegalArgumentException("pingInterval must be >= 1ms");
        }
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be > 0");
        }
        Objects.requireNonNull(sslOptions, "sslOptions must not be null");
    }

    /** With the default PING interval and stall timeout, and lettuce's default TLS settings. */
    public LettuceTransportOptions(Duration reconnectDelayMin, Duration reconnectDelayMax, Duration commandTimeout,
                                   Duration topologyRefreshPeriod) {
        this(reconnectDelayMin, reconnectDelayMax, commandTimeout, topologyRefreshPeriod, DEFAULT_PING_INTERVAL,
                DEFAULT_STALL_TIMEOUT, SslOptions.create());
    }

    /** Without a topology refresh period of its own (the default applies): the settings of a standalone Redis. */
    public LettuceTransportOptions(Duration reconnectDelayMin, Duration reconnectDelayMax, Duration commandTimeout) {
        this(reconnectDelayMin, reconnectDelayMax, commandTimeout, DEFAULT_TOPOLOGY_REFRESH_PERIOD);
    }

    public LettuceTransportOptions withTopologyRefreshPeriod(Duration period) {
        return new LettuceTransportOptions(reconnectDelayMin, reconnectDelayMax, commandTimeout, period, pingInterval,
                stallTimeout, sslOptions);
    }

    /** PING every {@code interval}; {@link RedisState#STALLED} once one is unanswered for {@code stallTimeout}. */
    public LettuceTransportOptions withStallDetection(Duration interval, Duration stallTimeout) {
        return new LettuceTransportOptions(reconnectDelayMin, reconnectDelayMax, commandTimeout,
                topologyRefreshPeriod, interval, stallTimeout, sslOptions);
    }

    public LettuceTransportOptions withSslOptions(SslOptions ssl) {
        return new LettuceTransportOptions(reconnectDelayMin, reconnectDelayMax, commandTimeout,
                topologyRefreshPeriod, pingInterval, stallTimeout, ssl);
    }
}

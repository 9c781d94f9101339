package io.roomcast.engine;

import java.util.Objects;

/**
 * How the Netty server under Roomcast runs: its event-loop threads and transport. Protocol settings live in
 * {@link EngineOptions}; this is only the machinery. Immutable.
 *
 * @param bossThreads   threads accepting connections; 0 lets Netty choose (its default)
 * @param workerThreads event-loop threads serving the sessions; 0 lets Netty choose (2 × cores)
 * @param transport     the event loops' I/O: {@link NettyTransport#AUTO} (epoll where it loads, else NIO) by default
 */
public record NettyTuning(int bossThreads, int workerThreads, NettyTransport transport) {

    public static final int DEFAULT_BOSS_THREADS = 0;
    public static final int DEFAULT_WORKER_THREADS = 0;
    public static final boolean DEFAULT_NATIVE_TRANSPORT = true;
    public static final NettyTransport DEFAULT_TRANSPORT = NettyTransport.AUTO;

    public NettyTuning {
        if (bossThreads < 0) {
            throw new IllegalArgumentException("bossThreads must be >= 0");
        }
        if (workerThreads < 0) {
            throw new IllegalArgumentException("workerThreads must be >= 0");
        }
        Objects.requireNonNull(transport, "transport must not be null");
    }

    /** @param nativeTransport true: {@link NettyTransport#AUTO}; false: {@link NettyTransport#NIO} */
    public NettyTuning(int bossThreads, int workerThreads, boolean nativeTransport) {
        this(bossThreads, workerThreads, nativeTransport ? NettyTransport.AUTO : NettyTransport.NIO);
    }

    /** Netty's thread defaults and the native transport where available. */
    public static NettyTuning defaults() {
        return new NettyTuning(DEFAULT_BOSS_THREADS, DEFAULT_WORKER_THREADS, DEFAULT_TRANSPORT);
    }

    /** Whether a native transport is wanted (anything but {@link NettyTransport#NIO}). */
    public boolean nativeTransport() {
        return transport != NettyTransport.NIO;
    }

    public NettyTuning withBossThreads(int bossThreads) {
        return new NettyTuning(bossThreads, workerThreads, transport);
    }

    public NettyTuning withWorkerThreads(int workerThreads) {
        return new NettyTuning(bossThreads, workerThreads, transport);
    }

    /** true: {@link NettyTransport#AUTO} unless a native transport is chosen already; false: NIO. */
    public NettyTuning withNativeTransport(boolean nativeTransport) {
        NettyTransport chosen = !nativeTransport ? NettyTransport.NIO
                : transport == NettyTransport.NIO ? NettyTransport.AUTO : transport;
        return new NettyTuning(bossThreads, workerThreads, chosen);
    }

    public NettyTuning withTransport(NettyTransport transport) {
        return new NettyTuning(bossThreads, workerThreads, transport);
    }
}

package io.roomcast.engine;

/**
 * How the Netty server under Roomcast runs: its event-loop threads and transport. Protocol settings live in
 * {@link EngineOptions}; this is only the machinery. Immutable.
 *
 * @param bossThreads     threads accepting connections; 0 lets Netty choose (its default)
 * @param workerThreads   event-loop threads serving the sessions; 0 lets Netty choose (2 × cores)
 * @param nativeTransport use Linux epoll where its native library loads (NIO elsewhere); true by default
 */
public record NettyTuning(int bossThreads, int workerThreads, boolean nativeTransport) {

    public static final int DEFAULT_BOSS_THREADS = 0;
    public static final int DEFAULT_WORKER_THREADS = 0;
    public static final boolean DEFAULT_NATIVE_TRANSPORT = true;

    public NettyTuning {
        if (bossThreads < 0) {
            throw new IllegalArgumentException("bossThreads must be >= 0");
        }
        if (workerThreads < 0) {
            throw new IllegalArgumentException("workerThreads must be >= 0");
        }
    }

    /** Netty's thread defaults and the native transport where available. */
    public static NettyTuning defaults() {
        return new NettyTuning(DEFAULT_BOSS_THREADS, DEFAULT_WORKER_THREADS, DEFAULT_NATIVE_TRANSPORT);
    }

    public NettyTuning withBossThreads(int bossThreads) {
        return new NettyTuning(bossThreads, workerThreads, nativeTransport);
    }

    public NettyTuning withWorkerThreads(int workerThreads) {
        return new NettyTuning(bossThreads, workerThreads, nativeTransport);
    }

    public NettyTuning withNativeTransport(boolean nativeTransport) {
        return new NettyTuning(bossThreads, workerThreads, nativeTransport);
    }
}

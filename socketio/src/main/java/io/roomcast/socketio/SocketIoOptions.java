package io.roomcast.socketio;

import java.time.Duration;
import java.util.Objects;

/**
 * Socket.IO server options.
 *
 * @param connectTimeout how long an Engine.IO session may stay without joining any namespace before it is closed
 *                       (Node's {@code connectTimeout}, 45 s)
 * @param adapterFactory creates each namespace's adapter
 * @param observer       told about connections, events and broadcasts (metrics); {@link SocketIoObserver#NONE}
 *                       by default
 */
public record SocketIoOptions(Duration connectTimeout, AdapterFactory adapterFactory, SocketIoObserver observer) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(45_000);

    public SocketIoOptions {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0");
        }
        Objects.requireNonNull(adapterFactory, "adapterFactory must not be null");
        Objects.requireNonNull(observer, "observer must not be null");
    }

    /** Options without an observer. */
    public SocketIoOptions(Duration connectTimeout, AdapterFactory adapterFactory) {
        this(connectTimeout, adapterFactory, SocketIoObserver.NONE);
    }

    /** Node's defaults with the in-memory adapter. */
    public static SocketIoOptions defaults() {
        return new SocketIoOptions(DEFAULT_CONNECT_TIMEOUT, Adapter::new);
    }

    public SocketIoOptions withConnectTimeout(Duration connectTimeout) {
        return new SocketIoOptions(connectTimeout, adapterFactory, observer);
    }

    public SocketIoOptions withAdapterFactory(AdapterFactory adapterFactory) {
        return new SocketIoOptions(connectTimeout, adapterFactory, observer);
    }

    public SocketIoOptions withObserver(SocketIoObserver observer) {
        return new SocketIoOptions(connectTimeout, adapterFactory, observer);
    }
}

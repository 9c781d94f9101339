package io.roomcast.cluster;

import io.roomcast.cluster.transport.ConnectionListener;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.RedisState;
import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.adapter.AdapterContext;
import io.roomcast.socketio.adapter.AdapterFactory;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the adapter factories (classic, sharded and streams) share: one {@link PubSubTransport} and one timer thread
 * for all namespaces of a server, the adapters by namespace, the observer, readiness and closing. Subclasses build
 * the adapter of a namespace in {@link #newAdapter}. Use one factory per server.
 *
 * @param <A> the adapter type it creates
 */
public abstract class PubSubAdapterFactory<A extends ClusterAdapter> implements AdapterFactory, AutoCloseable {

    private final PubSubTransport transport;
    private final boolean ownsTransport;
    private final ScheduledExecutorService timer;
    private final ConcurrentMap<String, A> adapters = new ConcurrentHashMap<>();
    private volatile ClusterObserver observer = ClusterObserver.NONE;

    /**
     * @param transport     what every namespace publishes and subscribes on
     * @param ownsTransport whether {@link #close()} closes it (the factory opened it)
     */
    protected PubSubAdapterFactory(PubSubTransport transport, boolean ownsTransport) {
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.ownsTransport = ownsTransport;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "roomcast-cluster-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The adapter of one namespace, on {@code transport}, with request timeouts run by {@code timer}. */
    protected abstract A newAdapter(AdapterContext context, PubSubTransport transport, ScheduledExecutorService timer);

    @Override
    public Adapter create(AdapterContext context) {
        A adapter = newAdapter(context, transport, timer);
        adapter.observe(observer);
        adapters.put(context.namespace(), adapter);
        return adapter;
    }

    /** The timer thread all namespaces share (request timeouts; subclasses schedule their periodic work here). */
    protected ScheduledExecutorService timer() {
        return timer;
    }

    /** The adapter of a namespace created so far, or null. */
    protected A adapter(String namespace) {
        return adapters.get(namespace);
    }

    /** The transport all namespaces share. */
    public PubSubTransport transport() {
        return transport;
    }

    /** The adapters created so far, one per namespace. */
    public Collection<A> adapters() {
        return Collections.unmodifiableCollection(adapters.values());
    }

    /**
     * Readiness: whether the Redis connections are up. While down, the node keeps serving its local clients;
     * publishes fail and are counted, and the transport reconnects and re-subscribes by itself.
     */
    public boolean isConnected() {
        return transport.isConnected();
    }

    /** Up, stalled (connected, but PING unanswered past the stall timeout) or down: the transport's view. */
    public RedisState redisState() {
        return transport.state();
    }

    /**
     * Readiness: Redis is connected and answering (not {@link RedisState#STALLED}), and every namespace's first
     * subscriptions were confirmed, so this node is counted by the other nodes and receives their broadcasts.
     */
    @Override
    public boolean isReady() {
        return transport.state() == RedisState.UP
                && adapters.values().stream().allMatch(ClusterAdapter::isSubscribed);
    }

    /**
     * Reports the messages and requests of every namespace's adapter, existing and future ones, to
     * {@code observer} (e.g. {@link io.roomcast.cluster.metrics.AdapterMetrics}).
     */
    public void observe(ClusterObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer must not be null");
        adapters.values().forEach(adapter -> adapter.observe(observer));
    }

    /** Told when a Redis connection goes down or comes back. */
    public void addConnectionListener(ConnectionListener listener) {
        transport.addConnectionListener(listener);
    }

    /** Stops the timer and, when this factory opened it, the Redis transport. Close the server's adapters first. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (ownsTransport) {
            transport.close();
        }
    }
}

package io.roomcast.socketio.adapter;

/**
 * Creates the {@link Adapter} of each namespace when the namespace is created (Node's {@code adapter} option). The
 * server owns the factory it was given: it closes it after the adapters, when the server closes.
 */
@FunctionalInterface
public interface AdapterFactory extends AutoCloseable {

    /** The in-memory adapter of Node's {@code socket.io-adapter}: one node, no cluster. */
    AdapterFactory IN_MEMORY = Adapter::new;

    Adapter create(AdapterContext context);

    /**
     * Readiness: whether the adapter can reach the other nodes now (e.g. Redis connected and subscribed). The
     * in-memory adapter always is.
     */
    default boolean isReady() {
        return true;
    }

    /** Releases what the factory holds (connections, threads); called once, after every adapter was closed. */
    @Override
    default void close() {
    }
}

package io.roomcast.cluster.interop;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.Cluster;
import io.roomcast.cluster.ClusterNamespace;
import io.roomcast.cluster.ServerSideEmitListener;
import io.roomcast.cluster.protocol.Response;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.cluster.request.ClusterRequestTimeoutException;
import io.roomcast.socketio.adapter.AdapterFactory;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.SocketIoServer;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Everything {@link JavaPeer} needs from the cluster module, in one place: the Redis adapter factory and the
 * cluster-wide operations the Socket.IO namespace has no method for (serverSideEmit and its listeners, allRooms).
 */
final class ClusterHooks implements AutoCloseable {

    private final RedisAdapterFactory factory;
    private Cluster cluster;

    private ClusterHooks(RedisAdapterFactory factory) {
        this.factory = factory;
    }

    static ClusterHooks connect(String redisUrl, String key, Duration requestsTimeout) {
        return new ClusterHooks(RedisAdapterFactory.connect(RedisURI.create(redisUrl),
                AdapterOptions.defaults().withKey(key).withRequestsTimeout(requestsTimeout)));
    }

    AdapterFactory adapterFactory() {
        return factory;
    }

    /** Binds the cluster view to the server built with {@link #adapterFactory()}. */
    void attach(SocketIoServer io) {
        cluster = new Cluster(io);
    }

    /** Redis connected and every namespace's subscriptions confirmed: the other servers count this one. */
    boolean isReady() {
        return factory.isReady();
    }

    void onServerSideEmit(Namespace nsp, ServerSideEmitListener listener) {
        of(nsp).onServerSideEmit(listener);
    }

    void serverSideEmit(Namespace nsp, String event, Object... args) {
        of(nsp).serverSideEmit(event, args);
    }

    /** One response per other server; on timeout fails with {@link ClusterRequestTimeoutException}. */
    CompletableFuture<List<Object>> serverSideEmitWithAck(Namespace nsp, String event, Object... args) {
        return of(nsp).serverSideEmitWithAck(event, args);
    }

    /** Every room of every server, socket id rooms included. */
    CompletableFuture<Set<String>> allRooms(Namespace nsp) {
        return of(nsp).allRooms();
    }

    /** The responses that arrived before a request timed out (the partial list Node hands its callback). */
    static List<Object> partialResponses(Throwable error) {
        if (error instanceof ClusterRequestTimeoutException timeout) {
            return timeout.partialResponses().stream()
                    .map(response -> response instanceof Response.ServerSideEmit answer ? answer.data() : (Object) response)
                    .toList();
        }
        return null;
    }

    @Override
    public void close() {
        factory.close();
    }

    private ClusterNamespace of(Namespace nsp) {
        if (cluster == null) {
            throw new IllegalStateException("attach(io) first");
        }
        return cluster.of(nsp.name());
    }
}

package io.roomcast.cluster.testing;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterAdapter;
import io.roomcast.cluster.PubSubAdapterFactory;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.socketio.testing.TestClient;

import java.util.concurrent.TimeUnit;

/**
 * One simulated Roomcast node for tests: a {@link SocketIoServer} with a pub/sub adapter factory (classic
 * {@link RedisAdapterFactory} unless told otherwise) on its own transport, and an event loop for its fake client sessions. A {@link RecordingClusterObserver} observes every
 * adapter of the factory ({@link #observed()}) until a test sets another observer (e.g. AdapterMetrics).
 */
public final class TestNode implements AutoCloseable {

    private final PubSubTransport transport;
    private final PubSubAdapterFactory<?> factory;
    private final RecordingClusterObserver observed = new RecordingClusterObserver();
    private final SocketIoServer server;
    private final DefaultEventExecutor loop = new DefaultEventExecutor();

    /** A node with the classic adapter. */
    public TestNode(PubSubTransport transport, AdapterOptions options) {
        this(transport, new RedisAdapterFactory(transport, options));
    }

    /** A node with {@code factory}, which uses {@code transport}; the node closes both. */
    public TestNode(PubSubTransport transport, PubSubAdapterFactory<?> factory) {
        this.transport = transport;
        this.factory = factory;
        factory.observe(observed);
        this.server = new SocketIoServer(SocketIoOptions.defaults().withAdapter(factory));
        adapter().subscribed().join();
    }

    public SocketIoServer server() {
        return server;
    }

    public Namespace nsp() {
        return server.sockets();
    }

    public PubSubAdapterFactory<?> factory() {
        return factory;
    }

    public PubSubTransport transport() {
        return transport;
    }

    /** What the adapters of this node reported (all namespaces together). */
    public RecordingClusterObserver observed() {
        return observed;
    }

    /** The adapter of {@code /}. */
    public ClusterAdapter adapter() {
        return adapter("/");
    }

    /** The adapter of {@code /} on a node of the classic adapter. */
    public io.roomcast.cluster.redis.RedisAdapter redisAdapter() {
        return (io.roomcast.cluster.redis.RedisAdapter) adapter();
    }

    /** The adapter of a namespace that exists on this node. */
    public ClusterAdapter adapter(String namespace) {
        return factory.adapters().stream().filter(adapter -> adapter.namespace().equals(namespace)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no adapter for namespace " + namespace));
    }

    /** A client connected to {@code /}, with nothing received yet. */
    public Client connect() {
        TestClient client = new TestClient(server, loop);
        client.send("0");
        String sid = client.sid("/");
        client.session().clearSent();
        return new Client(client, server.sockets().sockets().get(sid));
    }

    @Override
    public void close() {
        server.close();
        factory.close();
        transport.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A connected fake client and its server-side socket. */
    public record Client(TestClient client, Socket socket) {
        public String id() {
            return socket.id();
        }
    }
}

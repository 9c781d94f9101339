package io.roomcast.cluster.streams;

import io.lettuce.core.RedisURI;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.cluster.testing.RecordingClusterObserver;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.socketio.testing.TestClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One simulated node on the streams adapter: a {@link SocketIoServer} with its own
 * {@link RedisStreamsAdapterFactory} (its own Redis connections), recording what its adapters report, and an event
 * loop for fake clients. Ready (subscribed, read loop started) when constructed.
 */
final class StreamsTestNode implements AutoCloseable {

    private final RedisStreamsAdapterFactory factory;
    private final RecordingClusterObserver observed = new RecordingClusterObserver();
    private final SocketIoServer server;
    private final DefaultEventExecutor loop = new DefaultEventExecutor();

    StreamsTestNode(RedisURI uri, StreamsAdapterOptions options, ConnectionStateRecovery recovery) {
        this(uri, LettuceTransportOptions.DEFAULT, options, recovery);
    }

    StreamsTestNode(RedisURI uri, LettuceTransportOptions transportOptions, StreamsAdapterOptions options,
                    ConnectionStateRecovery recovery) {
        this.factory = RedisStreamsAdapterFactory.connect(uri, transportOptions, options);
        factory.observe(observed);
        SocketIoOptions serverOptions = SocketIoOptions.defaults().withAdapter(factory);
        this.server = new SocketIoServer(recovery == null ? serverOptions
                : serverOptions.withConnectionStateRecovery(recovery));
        awaitReady();
    }

    void awaitReady() {
        await().atMost(Duration.ofSeconds(10)).until(factory::isReady);
    }

    Namespace nsp() {
        return server.sockets();
    }

    SocketIoServer server() {
        return server;
    }

    RedisStreamsAdapterFactory factory() {
        return factory;
    }

    RecordingClusterObserver observed() {
        return observed;
    }

    RedisStreamsAdapter adapter() {
        return adapter("/");
    }

    RedisStreamsAdapter adapter(String namespace) {
        return factory.adapters().stream().filter(a -> a.namespace().equals(namespace)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no adapter for " + namespace));
    }

    /** A client connected to {@code /}, with nothing received yet. */
    Client connect() {
        return connect("/");
    }

    /** A client connected to {@code namespace}, with nothing received yet. */
    Client connect(String namespace) {
        TestClient client = new TestClient(server, loop);
        client.send(namespace.equals("/") ? "0" : "0" + namespace + ",");
        String sid = client.sid(namespace);
        client.session().clearSent();
        return new Client(client, server.of(namespace).sockets().get(sid));
    }

    @Override
    public void close() {
        server.close();
        factory.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    record Client(TestClient client, Socket socket) {
        String id() {
            return socket.id();
        }

        void awaitFrame(String frame) {
            client.awaitText(frame::equals);
        }
    }
}

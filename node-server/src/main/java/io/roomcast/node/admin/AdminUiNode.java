package io.roomcast.node.admin;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.roomcast.admin.AdminEngineStats;
import io.roomcast.admin.AdminSessionStore;
import io.roomcast.admin.AdminUi;
import io.roomcast.admin.AdminUiOptions;
import io.roomcast.admin.InMemoryAdminSessionStore;
import io.roomcast.admin.RedisAdminSessionStore;
import io.roomcast.cluster.ClusterException;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.node.config.RedisMode;
import io.roomcast.socketio.RoomcastServer;

/**
 * {@code ADMIN_UI=true}: {@link AdminUi#instrument} with the node's settings ({@code serverId} = {@code NODE_ID}),
 * its login sessions in Redis when the node joins a cluster (Node's {@code RedisStore} keys, so that any node, Java
 * or Node.js, accepts a reconnect), else in memory. Closing it stops the statistics and the Redis connection.
 */
public final class AdminUiNode implements AutoCloseable {

    private final AdminUi ui;
    private final AutoCloseable redis;

    private AdminUiNode(AdminUi ui, AutoCloseable redis) {
        this.ui = ui;
        this.redis = redis;
    }

    /**
     * Instruments {@code io}; call before the application adds its connection listeners.
     *
     * @throws ClusterException when the Redis of the session store cannot be reached
     */
    public static AdminUiNode instrument(RoomcastServer io, NodeConfig config, AdminEngineStats stats) {
        NodeConfig.AdminUi admin = config.adminUi();
        Store store = store(config.cluster());
        try {
            AdminUiOptions options = AdminUiOptions.of(admin.auth().orElseThrow())
                    .withNamespaceName(admin.namespaceName())
                    .withMode(admin.mode())
                    .withReadonly(admin.readonly())
                    .withServerId(config.nodeId())
                    .withStore(store.store())
                    .withEngineStats(stats);
            return new AdminUiNode(AdminUi.instrument(io, options), store.closer());
        } catch (RuntimeException e) {
            closeQuietly(store.closer());
            throw e;
        }
    }

    private record Store(AdminSessionStore store, AutoCloseable closer) {
    }

    private static Store store(NodeConfig.Cluster cluster) {
        if (!cluster.clustered()) {
            return new Store(new InMemoryAdminSessionStore(), () -> { });
        }
        try {
            if (cluster.redisMode() == RedisMode.CLUSTER) {
                RedisClusterClient client = RedisClusterClient.create(cluster.redisUrls().stream()
                        .map(url -> RedisURI.create(url.toString())).toList());
                client.setOptions(ClusterClientOptions.builder().sslOptions(cluster.tls().sslOptions()).build());
                StatefulRedisClusterConnection<String, String> connection = client.connect();
                return new Store(new RedisAdminSessionStore(connection.async()), () -> {
                    connection.close();
                    client.shutdown();
                });
            }
            RedisClient client = RedisClient.create();
            client.setOptions(ClientOptions.builder().sslOptions(cluster.tls().sslOptions()).build());
            StatefulRedisConnection<String, String> connection = client.connect(
                    RedisURI.create(cluster.redisUrl().orElseThrow().toString()));
            return new Store(new RedisAdminSessionStore(connection.async()), () -> {
                connection.close();
                client.shutdown();
            });
        } catch (RuntimeException e) {
            throw new ClusterException("the Admin UI's session store cannot reach Redis: " + e.getMessage(), e);
        }
    }

    public AdminUi ui() {
        return ui;
    }

    @Override
    public void close() {
        ui.close();
        closeQuietly(redis);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing on the way out: nothing left to do with the error
        }
    }
}

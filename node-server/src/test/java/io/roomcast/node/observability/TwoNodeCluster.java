package io.roomcast.node.observability;

import io.roomcast.node.RedisServerProcess;
import io.roomcast.node.ToolProcess;
import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;
import io.roomcast.node.config.EnvConfigLoader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Two in-process nodes, {@code node-a} and {@code node-b}, joined through a real {@code redis-server}, as the
 * local cluster runs them; each test class starts its own, so metric counts start at zero.
 */
final class TwoNodeCluster implements AutoCloseable {

    static final String NODE_A = "node-a";
    static final String NODE_B = "node-b";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final RedisServerProcess redis;
    final NodeRuntime nodeA;
    final NodeRuntime nodeB;
    private boolean nodeBClosed;

    private TwoNodeCluster(RedisServerProcess redis, NodeRuntime nodeA, NodeRuntime nodeB) {
        this.redis = redis;
        this.nodeA = nodeA;
        this.nodeB = nodeB;
    }

    static TwoNodeCluster start() {
        RedisServerProcess redis = RedisServerProcess.start();
        NodeRuntime a = null;
        try {
            a = startNode(NODE_A, redis);
            NodeRuntime b = startNode(NODE_B, redis);
            TwoNodeCluster cluster = new TwoNodeCluster(redis, a, b);
            cluster.awaitReady();
            return cluster;
        } catch (RuntimeException | Error e) {
            if (a != null) {
                a.close();
            }
            redis.close();
            throw e;
        }
    }

    private static NodeRuntime startNode(String nodeId, RedisServerProcess redis) {
        Map<String, String> env = Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(ToolProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(ToolProcess.freePort()),
                "NODE_ID", nodeId,
                "REDIS_URL", redis.url(),
                "SHUTDOWN_GRACE", "1s");
        return NodeServer.start(EnvConfigLoader.load(env), io -> { });
    }

    List<NodeRuntime> nodes() {
        return List.of(nodeA, nodeB);
    }

    /** Both nodes report ready, which includes Redis connected and subscribed. */
    private void awaitReady() {
        for (NodeRuntime node : nodes()) {
            Polling.until(node.config().nodeId() + " ready", Duration.ofSeconds(20),
                    () -> get("http://127.0.0.1:" + node.managementPort() + "/health/ready").statusCode(),
                    status -> status == 200);
        }
    }

    /** The node's {@code GET /metrics} body; fails when the management port does not serve it. */
    static String scrape(NodeRuntime node) {
        HttpResponse<String> response = get("http://127.0.0.1:" + node.managementPort() + "/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics on " + node.config().nodeId() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: GET " + url, e);
        }
    }

    /** Closes node B at once (its clients lose their connection), as a crashed node would disappear. */
    void closeNodeB() {
        nodeB.close();
        nodeBClosed = true;
    }

    @Override
    public void close() {
        try {
            nodeA.close();
        } finally {
            try {
                if (!nodeBClosed) {
                    nodeB.close();
                }
            } finally {
                redis.close();
            }
        }
    }
}

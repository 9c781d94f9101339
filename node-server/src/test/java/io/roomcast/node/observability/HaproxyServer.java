package io.roomcast.node.observability;

import io.roomcast.node.ToolProcess;
import io.roomcast.node.NodeRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * HAProxy in front of the nodes with cookie stickiness, as a browser would meet the cluster: the first response
 * sets {@value #COOKIE} to the server's name, and every response names the node that served it in {@value #SERVED_BY}.
 */
final class HaproxyServer implements AutoCloseable {

    static final String COOKIE = "SERVERID";
    static final String SERVED_BY = "X-Served-By";

    private final ToolProcess process;
    private final Path configDir;
    final int port;

    private HaproxyServer(ToolProcess process, Path configDir, int port) {
        this.process = process;
        this.configDir = configDir;
        this.port = port;
    }

    /** Balances round-robin over the nodes; each server and its cookie value are named after the node id. */
    static HaproxyServer start(List<NodeRuntime> nodes) {
        Path binary = ExternalTool.HAPROXY.path();
        int port = ToolProcess.freePort();
        StringBuilder servers = new StringBuilder();
        for (NodeRuntime node : nodes) {
            String id = node.config().nodeId();
            servers.append("  server ").append(id).append(" 127.0.0.1:").append(node.port())
                    .append(" cookie ").append(id).append('\n');
        }
        String config = """
                global
                  maxconn 256
                defaults
                  mode http
                  timeout connect 5s
                  timeout client 60s
                  timeout server 60s
                  timeout tunnel 1h
                frontend roomcast
                  bind 127.0.0.1:%d
                  default_backend nodes
                backend nodes
                  balance roundrobin
                  cookie %s insert indirect nocache
                  http-response set-header %s %%[srv_name]
                %s""".formatted(port, COOKIE, SERVED_BY, servers);
        try {
            Path dir = Files.createTempDirectory("roomcast-haproxy-");
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, config);
            ToolProcess process = ToolProcess.start("haproxy", List.of(binary.toString(), "-db", "-f", file.toString()),
                    dir, Map.of());
            process.awaitPort(port, Duration.ofSeconds(15));
            return new HaproxyServer(process, dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HAProxy configuration", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
        try (var files = Files.walk(configDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}

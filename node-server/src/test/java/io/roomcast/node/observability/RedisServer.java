package io.roomcast.node.observability;

import io.roomcast.node.ToolProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A throw-away {@code redis-server} on a free port, without persistence. */
final class RedisServer implements AutoCloseable {

    private final ToolProcess process;
    final int port;

    private RedisServer(ToolProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisServer start() {
        Path binary = ExternalTool.REDIS.path();
        int port = ToolProcess.freePort();
        ToolProcess process = ToolProcess.start("redis", List.of(binary.toString(), "--port", String.valueOf(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                Path.of(System.getProperty("java.io.tmpdir")), Map.of());
        process.awaitPort(port, Duration.ofSeconds(15));
        return new RedisServer(process, port);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills Redis at once, as a crash would. */
    @Override
    public void close() {
        process.close();
    }
}

package io.roomcast.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.roomcast.cluster.metrics.RoomcastMeters;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The node's Prometheus registry: common tag {@value RoomcastMeters#TAG_NODE} = {@code NODE_ID}, Micrometer's JVM,
 * process and Netty binders, {@value RoomcastMeters#NODE_INFO}, and the {@code GET /metrics} handler (Prometheus
 * text format 0.0.4). Other binders ({@link SocketServerMetrics}, the cluster's {@code AdapterMetrics}) bind to
 * {@link #registry()}.
 */
public final class NodeMetrics implements AutoCloseable {

    /** What {@code /metrics} answers with (the Prometheus text exposition format). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics(String nodeId) {
        registry.config().commonTags(RoomcastMeters.TAG_NODE, Objects.requireNonNull(nodeId, "nodeId"));
        for (MeterBinder binder : new MeterBinder[] {new JvmMemoryMetrics(), gc, new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics(),
                new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT)}) {
            binder.bindTo(registry);
        }
        // Netty 4.2 may default to another allocator than the pooled one; report it too when it has metrics
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT
                && ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
        Gauge.builder(RoomcastMeters.NODE_INFO, () -> 1).tag(RoomcastMeters.TAG_VERSION, version())
                .description("Build information; always 1").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Binds Netty's event-loop metrics (pending tasks per loop) of the client port's event loops. */
    public void bindEventLoops(Iterable<EventExecutor> loops) {
        new NettyEventExecutorMetrics(loops).bindTo(registry);
    }

    /** {@code GET /metrics}: the registry in Prometheus text format. */
    public HttpHandler scrapeHandler() {
        return this::scrape;
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** The node's version from the jar manifest ({@code Implementation-Version}), else {@code dev}. */
    static String version() {
        String version = NodeMetrics.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

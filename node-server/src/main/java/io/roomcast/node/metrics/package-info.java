/**
 * The node's metrics registry: {@link io.roomcast.node.metrics.NodeMetrics} (the Prometheus registry,
 * JVM/process/Netty binders, {@code /metrics}). The Roomcast meters themselves are library binders in
 * {@code roomcast-cluster} ({@link io.roomcast.cluster.metrics.RoomcastMeters} lists every name and tag,
 * {@link io.roomcast.cluster.metrics.SocketServerMetrics} observes Engine.IO and Socket.IO), so an embedding
 * application (the Spring Boot starter) binds the same meters to its own registry.
 */
package io.roomcast.node.metrics;

/**
 * The node's metrics: {@link io.roomcast.node.metrics.RoomcastMeters} (every name and tag),
 * {@link io.roomcast.node.metrics.SocketServerMetrics} (Engine.IO and Socket.IO observers) and
 * {@link io.roomcast.node.metrics.NodeMetrics} (the Prometheus registry, JVM/process/Netty binders, {@code /metrics}).
 */
package io.roomcast.node.metrics;

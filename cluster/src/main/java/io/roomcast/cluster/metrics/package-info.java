/**
 * Micrometer binders of a Roomcast server, for any {@code MeterRegistry}: {@link
 * io.roomcast.cluster.metrics.RoomcastMeters} (every meter name and tag, the names of the node's {@code /metrics}),
 * {@link io.roomcast.cluster.metrics.SocketServerMetrics} (Engine.IO and Socket.IO observers),
 * {@link io.roomcast.cluster.metrics.AdapterMetrics} (the pub/sub adapters) and
 * {@link io.roomcast.cluster.metrics.StreamLagMetrics} (the Redis Streams reader).
 */
package io.roomcast.cluster.metrics;

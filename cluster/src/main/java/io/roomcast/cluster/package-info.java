/**
 * Cluster support for Roomcast: {@link io.roomcast.cluster.ClusterAdapter} and the Redis adapter
 * ({@link io.roomcast.cluster.redis}) speaking the wire protocol of Node's {@code @socket.io/redis-adapter} 8.x
 * classic adapter ({@link io.roomcast.cluster.protocol}) over pub/sub transports ({@link io.roomcast.cluster.transport}),
 * and {@link io.roomcast.cluster.Cluster}, the typed API application code broadcasts with. A library: it reads no environment and holds no static mutable state.
 */
package io.roomcast.cluster;

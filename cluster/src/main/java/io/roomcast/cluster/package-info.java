/**
 * Cluster support for Roomcast: {@link io.roomcast.cluster.ClusterAdapter} and the Redis adapter
 * ({@link io.roomcast.cluster.redis}) speaking the wire protocol of Node's {@code @socket.io/redis-adapter} 8.x
 * classic adapter ({@link io.roomcast.cluster.protocol}) over pub/sub transports ({@link io.roomcast.cluster.transport}).
 * Applications never hold an adapter: they pass {@code RedisAdapterFactory.connect(..)} to
 * {@code RoomcastServer.Builder.adapter} and use the namespace's operations. A library: it reads no environment and
 * holds no static mutable state.
 */
package io.roomcast.cluster;

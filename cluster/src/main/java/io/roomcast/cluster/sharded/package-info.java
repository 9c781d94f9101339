/**
 * The sharded Redis adapter of {@code @socket.io/redis-adapter} 8.3 ({@code createShardedAdapter}, Redis 7+
 * sharded pub/sub) for Roomcast: {@link io.roomcast.cluster.sharded.ShardedRedisAdapterFactory} builds a
 * {@link io.roomcast.cluster.sharded.ShardedRedisAdapter} per namespace on the sharded view of one
 * {@link io.roomcast.cluster.transport.PubSubTransport}.
 */
package io.roomcast.cluster.sharded;

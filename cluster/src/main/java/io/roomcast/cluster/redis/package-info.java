/**
 * The classic Redis adapter of {@code @socket.io/redis-adapter} 8.x for Roomcast:
 * {@link io.roomcast.cluster.redis.RedisAdapterFactory} builds a {@link io.roomcast.cluster.redis.RedisAdapter} per
 * namespace, on one shared {@link io.roomcast.cluster.transport.PubSubTransport}.
 */
package io.roomcast.cluster.redis;

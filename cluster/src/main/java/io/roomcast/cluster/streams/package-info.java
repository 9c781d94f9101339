/**
 * The Redis Streams adapter, wire-compatible with {@code @socket.io/redis-streams-adapter} 0.3.x: broadcasts and
 * bulk operations travel through a Redis stream (so a node that lost Redis for a while catches up, and connection
 * state recovery can replay them), requests and responses over pub/sub. Start with
 * {@link io.roomcast.cluster.streams.RedisStreamsAdapterFactory}. Only the factory, the adapter and
 * {@link io.roomcast.cluster.streams.StreamsAdapterOptions} are API; the read loop and the Redis commands are
 * package-private.
 */
package io.roomcast.cluster.streams;

/**
 * The classic {@code @socket.io/redis-adapter} 8.3 wire format: channel names, request types, the message records
 * and {@link io.roomcast.cluster.protocol.MessageCodec}, which turns them into the exact bytes Node's adapter and
 * {@code @socket.io/redis-emitter} publish and back. See {@code /work/shared/redis-adapter-protocol.md} §2 and §5.1.
 */
package io.roomcast.cluster.protocol;

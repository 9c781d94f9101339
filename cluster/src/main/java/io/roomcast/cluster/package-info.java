/**
 * Cluster support for Roomcast: the wire protocol of Node's {@code @socket.io/redis-adapter} 8.x classic adapter
 * ({@link io.roomcast.cluster.protocol}) and the pub/sub transports that carry it
 * ({@link io.roomcast.cluster.transport}). A library: it reads no environment and holds no static mutable state.
 */
package io.roomcast.cluster;

/**
 * Redis pub/sub as the cluster adapter needs it: {@link io.roomcast.cluster.transport.PubSubTransport} with
 * {@link io.roomcast.cluster.transport.LettuceTransport} for a real Redis and
 * {@link io.roomcast.cluster.transport.InMemoryTransport} on an {@link io.roomcast.cluster.transport.InMemoryBus}
 * for unit tests. Payloads are bytes; channel names are UTF-8 strings.
 */
package io.roomcast.cluster.transport;

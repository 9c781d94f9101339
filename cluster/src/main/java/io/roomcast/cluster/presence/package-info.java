/**
 * Cluster-wide presence: who is in a room on every node, and {@code presence} notices to the room when someone
 * joins or leaves. {@link io.roomcast.cluster.presence.Presence} binds a namespace to a
 * {@link io.roomcast.cluster.presence.PresenceStore}: {@link io.roomcast.cluster.presence.InMemoryPresenceStore}
 * (one node, the default), {@link io.roomcast.cluster.presence.RedisPresenceStore} (a Redis hash per room, entries
 * of a dead node vanish after a TTL) or {@link io.roomcast.cluster.presence.AdapterPresenceStore} (asks every node
 * with the adapter's {@code fetchSockets}, so Node.js nodes count too). Node's socket.io has no such feature; the
 * names are ours.
 */
package io.roomcast.cluster.presence;

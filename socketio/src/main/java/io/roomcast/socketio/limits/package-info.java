/**
 * Rate limits on what clients send: a token bucket per connection ({@link io.roomcast.socketio.limits.RateLimit},
 * {@link io.roomcast.socketio.limits.TokenBucket}), an application-keyed budget such as one per user across a
 * cluster ({@link io.roomcast.socketio.limits.UserEventLimiter}), and when a flooding connection is closed
 * ({@link io.roomcast.socketio.limits.EventLimits}). Node's socket.io has none of these; they are set with
 * {@code RoomcastServer.builder().eventLimits(...)}.
 */
package io.roomcast.socketio.limits;

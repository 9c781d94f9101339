/**
 * Implementation of the Socket.IO server: connections, namespaces, sockets. Not API: types here may change
 * without notice; use {@code io.roomcast.socketio}.
 */
package io.roomcast.socketio.internal;

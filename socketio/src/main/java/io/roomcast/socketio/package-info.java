/**
 * Socket.IO v5 server on top of {@code io.roomcast.engine}: namespaces, sockets, rooms, acknowledgements and
 * the in-memory {@link io.roomcast.socketio.adapter.Adapter}, with the API shape of Node's socket.io 4.8.
 */
package io.roomcast.socketio;

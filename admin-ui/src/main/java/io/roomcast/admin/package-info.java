/**
 * The server side of the Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1, Node's {@code instrument()}) for a
 * {@link io.roomcast.socketio.RoomcastServer}: {@link AdminUi#instrument} adds the admin namespace, its
 * authentication, the statistics and the commands, so that the UI (or a Node.js server instrumented by the real
 * {@code instrument()} in the same cluster) sees this node as it sees a Node.js one.
 */
package io.roomcast.admin;

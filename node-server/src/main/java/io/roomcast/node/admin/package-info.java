/** The Socket.IO Admin UI of a node ({@code ADMIN_UI}): the library's {@code AdminUi} wired to the node's Redis. */
package io.roomcast.node.admin;

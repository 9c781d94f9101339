/** HTTP outside Socket.IO: the management server (health, metrics) and the demo page on the client port. */
package io.roomcast.node.http;

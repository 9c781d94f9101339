/** Handshake authentication of the chat namespace (HS256 JWTs). */
package io.roomcast.node.auth;

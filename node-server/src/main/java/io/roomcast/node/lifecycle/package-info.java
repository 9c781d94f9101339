/** Start and stop of the node: graceful drain on SIGTERM. */
package io.roomcast.node.lifecycle;

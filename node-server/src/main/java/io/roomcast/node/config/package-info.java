/** Configuration of the socket node: the {@link io.roomcast.node.config.ConfigVariable} list, the validated
 * {@link io.roomcast.node.config.NodeConfig} records and the environment loader. */
package io.roomcast.node.config;

package io.roomcast.engine.internal;

import io.netty.channel.Channel;

/**
 * A polling request taken off its Netty buffer so it can cross to the session's executor.
 *
 * @param channel     connection to answer on
 * @param keepAlive   whether the response keeps the connection open
 * @param method      HTTP method
 * @param contentType request content type, or null
 * @param body        request body decoded as UTF-8 (empty for GET)
 */
record PollRequest(Channel channel, boolean keepAlive, String method, String contentType, String body) {
}

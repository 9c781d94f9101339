package io.roomcast.cluster.transport;

import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.pubsub.PubSubCommandHandler;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.util.concurrent.Executor;

/**
 * Remembers the I/O thread (Netty event loop) of the newest command channel lettuce opened, so that
 * {@link WriteCoalescer} drains there: lettuce's writes then go straight into the channel instead of one task hop
 * per command, and publishes pile up into one batch while that thread reads replies.
 *
 * <p>Lettuce has no public getter for a connection's channel; a {@link NettyCustomizer} sees every channel it
 * opens, after its handlers are in place. Pub/sub channels carry a {@link PubSubCommandHandler} and are skipped. A
 * reconnect opens a new channel, possibly on another loop, and replaces the remembered one. Until the first channel
 * (or if the guess is ever wrong) drains run on a fallback executor, which is only slower, never incorrect.
 */
final class CommandChannelLoop implements NettyCustomizer {

    private volatile EventLoop loop;

    @Override
    public void afterChannelInitialized(Channel channel) {
        if (channel.pipeline().get(CommandHandler.class) != null
                && channel.pipeline().get(PubSubCommandHandler.class) == null) {
            loop = channel.eventLoop();
        }
    }

    /** Where the next drain runs: the command channel's loop, else {@code fallback}. */
    Executor current(Executor fallback) {
        EventLoop current = loop;
        return current == null || current.isShuttingDown() ? fallback : current;
    }
}

package io.roomcast.engine.internal;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.roomcast.engine.NettyTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The transport the event loops get for the one asked for: io_uring, epoll or NIO, whichever loads here first. */
final class TransportChoice {

    private static final Logger log = LoggerFactory.getLogger(TransportChoice.class);

    private TransportChoice() {
    }

    /** IO_URING, EPOLL or NIO; a fallback is logged at info with the native library's reason. */
    static NettyTransport resolve(NettyTransport wanted) {
        if (wanted == NettyTransport.IO_URING) {
            if (IoUring.isAvailable()) {
                return NettyTransport.IO_URING;
            }
            log.info("io_uring is not available here ({}); falling back", reason(IoUring.unavailabilityCause()));
        }
        if (wanted == NettyTransport.NIO) {
            return NettyTransport.NIO;
        }
        if (Epoll.isAvailable()) {
            return NettyTransport.EPOLL;
        }
        if (wanted != NettyTransport.AUTO) {
            log.info("epoll is not available here ({}); using NIO", reason(Epoll.unavailabilityCause()));
        }
        return NettyTransport.NIO;
    }

    private static String reason(Throwable cause) {
        return cause == null ? "unknown reason" : cause.getMessage();
    }
}

package io.roomcast.engine;

import java.util.Locale;

/**
 * The I/O transport of the server's event loops. A native transport that cannot load here (another OS, an old
 * kernel, io_uring forbidden by seccomp) falls back to the next one, logged once at start: io_uring to epoll to
 * NIO.
 */
public enum NettyTransport {
    /** epoll where its native library loads, else NIO (the default: measured, see BENCHMARKS.md). */
    AUTO,
    /** Linux io_uring (kernel 5.14+) where {@code IoUring.isAvailable()}, else as {@link #AUTO}. */
    IO_URING,
    /** Linux epoll where its native library loads, else NIO. */
    EPOLL,
    /** Java NIO everywhere. */
    NIO;

    /** {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}, any case. */
    public static NettyTransport parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be auto, io_uring, epoll or nio (got \"" + text + "\")");
        }
    }

    /** The lower-case name {@link #parse} reads. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.roomcast.cluster.protocol;

import io.roomcast.socketio.adapter.BroadcastFlags;

/**
 * The {@code flags} object of broadcast options as it travels (protocol §1.2). A null field was absent on the wire,
 * as Node only writes the flags a user set; unknown and legacy flags ({@code broadcast}, {@code binary}) are dropped
 * when decoding.
 *
 * @param volatile_            {@code volatile}: skip clients whose transport is not writable
 * @param compress             {@code compress}: per-message deflate hint
 * @param local                {@code local}: never seen on the wire (local operations are not published)
 * @param timeout              {@code timeout} in ms of a broadcast with acks, chosen by the requester
 * @param expectSingleResponse {@code expectSingleResponse}: set by {@code RemoteSocket.emit()}; requester-only
 */
public record WireFlags(Boolean volatile_, Boolean compress, Boolean local, Long timeout,
                        Boolean expectSingleResponse) {

    /** No flags: {@code {}}. */
    public static final WireFlags NONE = new WireFlags(null, null, null, null, null);

    public WireFlags {
        if (timeout != null && timeout < 0) {
            throw new IllegalArgumentException("timeout must be >= 0");
        }
    }

    /** The flags Node would write for these local flags: only those that differ from the defaults. */
    public static WireFlags from(BroadcastFlags flags) {
        return new WireFlags(flags.volatile_() ? Boolean.TRUE : null, flags.compress() ? null : Boolean.FALSE,
                flags.local() ? Boolean.TRUE : null, flags.timeoutMillis(), null);
    }

    /** The flags as the local adapter takes them; absent flags take Node's defaults. */
    public BroadcastFlags toBroadcastFlags() {
        return new BroadcastFlags(Boolean.TRUE.equals(local), Boolean.TRUE.equals(volatile_),
                !Boolean.FALSE.equals(compress), timeout);
    }
}

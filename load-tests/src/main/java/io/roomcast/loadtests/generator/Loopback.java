package io.roomcast.loadtests.generator;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** The generator only ever talks to this machine: targets and source addresses must be in 127.0.0.0/8. */
public final class Loopback {
    private Loopback() {
    }

    public static void requireLoopbackTarget(URI target) {
        if (!"ws".equals(target.getScheme())) {
            throw new IllegalArgumentException("target must be ws://127.x.x.x:port, got " + target);
        }
        if (target.getPort() < 1) {
            throw new IllegalArgumentException("target needs an explicit port: " + target);
        }
        try {
            requireLoopback(InetAddress.getByName(target.getHost()), "--target");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown target host " + target.getHost(), e);
        }
    }

    public static void requireLoopback(InetAddress address, String what) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 4 || bytes[0] != 127) {
            throw new IllegalArgumentException(what + " must be in 127.0.0.0/8 (loopback only), got "
                    + address.getHostAddress());
        }
    }
}

package io.roomcast.loadtests.generator;

import io.netty.buffer.ByteBuf;

/**
 * The send time a publisher writes into a message's text: decimal nanoseconds since the generator's origin
 * ({@link System#nanoTime()} at start), so receive − send is measured on one clock. Optional padding after a
 * {@code -} brings the text to a chosen size.
 */
public final class Stamp {
    private Stamp() {
    }

    public static String text(long sendNanos, int padTo) {
        if (sendNanos < 0) {
            throw new IllegalArgumentException("sendNanos must be >= 0");
        }
        String digits = Long.toString(sendNanos);
        if (padTo <= digits.length() + 1) {
            return digits;
        }
        return digits + "-" + "x".repeat(padTo - digits.length() - 1);
    }

    /** Reads the decimal digits at {@code index}; -1 when there are none or they overflow. */
    public static long parse(ByteBuf buffer, int index) {
        long value = 0;
        int end = buffer.writerIndex();
        int i = index;
        for (; i < end; i++) {
            byte b = buffer.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            if (value > (Long.MAX_VALUE - 9) / 10) {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return i == index ? -1 : value;
    }
}

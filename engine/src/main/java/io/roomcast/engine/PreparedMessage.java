package io.roomcast.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A text message sent unchanged to many sessions, such as one broadcast. Its WebSocket frame (the Engine.IO
 * {@code 4} prefix, the UTF-8 text and the frame header) is built once, on first use, and the same bytes go to every
 * websocket session; polling sessions send {@link #text()} as usual. Thread-safe.
 */
public final class PreparedMessage {

    private static final byte FIN_TEXT = (byte) 0x81;

    private final String text;
    /** Built on first use; a race builds it twice at worst, and either copy is right. */
    private volatile byte[] websocketFrame;
    private volatile int websocketPayloadBytes;

    private PreparedMessage(String text) {
        this.text = text;
    }

    public static PreparedMessage of(String text) {
        return new PreparedMessage(Objects.requireNonNull(text, "text must not be null"));
    }

    /** The message as given, without the Engine.IO packet type. */
    public String text() {
        return text;
    }

    /**
     * The server-to-client WebSocket text frame carrying the Engine.IO message packet: unmasked, as RFC 6455 §5.1
     * requires of servers, and unfragmented. A new buffer over the shared bytes for each call; the caller owns it.
     */
    public ByteBuf websocketFrame() {
        return Unpooled.wrappedBuffer(frame());
    }

    /** Bytes of the Engine.IO packet inside {@link #websocketFrame()}, header excluded (what metrics count). */
    public int websocketPayloadBytes() {
        frame();
        return websocketPayloadBytes;
    }

    private byte[] frame() {
        byte[] frame = websocketFrame;
        if (frame == null) {
            byte[] payload = ("4" + text).getBytes(StandardCharsets.UTF_8);
            frame = encodeFrame(payload);
            websocketPayloadBytes = payload.length;
            websocketFrame = frame;
        }
        return frame;
    }

    private static byte[] encodeFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = FIN_TEXT;
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length < 65_536) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}

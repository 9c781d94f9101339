package io.roomcast.loadtests.generator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The two wire dialects the generator speaks over WebSocket text frames.
 * Inbound frames are classified straight from their bytes: a subscriber sees one frame per delivery, so the hot
 * path decodes no JSON and builds no String.
 */
public enum Protocol {
    /** Engine.IO v4 + Socket.IO v5 over websocket only (no polling handshake), the chat contract's join/message. */
    SOCKETIO {
        private final ByteBuf messageEventPrefix = constant("42[\"message\",");
        private final ByteBuf textKey = constant("\"text\":\"");
        private final ByteBuf errorKey = constant("\"error\"");

        @Override
        public String path() {
            return "/socket.io/?EIO=4&transport=websocket";
        }

        @Override
        public Inbound classify(ByteBuf frame) {
            int start = frame.readerIndex();
            if (frame.readableBytes() == 0) {
                return Inbound.OTHER;
            }
            byte engineType = frame.getByte(start);
            if (engineType == '0') {
                return Inbound.OPEN;
            }
            if (engineType == '2') {
                return Inbound.PING;
            }
            if (engineType == '1') {
                return Inbound.CLOSE;
            }
            if (engineType != '4' || frame.readableBytes() < 2) {
                return Inbound.OTHER;
            }
            return switch (frame.getByte(start + 1)) {
                case '0' -> Inbound.CONNECTED;
                case '4' -> Inbound.CONNECT_ERROR;
                case '1' -> Inbound.CLOSE;
                case '3' -> ByteBufUtil.indexOf(errorKey, frame) >= 0 ? Inbound.ACK_ERROR : Inbound.ACK_OK;
                case '2' -> startsWith(frame, messageEventPrefix) ? Inbound.MESSAGE : Inbound.OTHER;
                default -> Inbound.OTHER;
            };
        }

        @Override
        public long stamp(ByteBuf frame) {
            int at = ByteBufUtil.indexOf(textKey, frame);
            return at < 0 ? -1 : Stamp.parse(frame, at + textKey.readableBytes());
        }

        @Override
        public String connectRequest() {
            return "40";
        }

        @Override
        public String pong() {
            return "3";
        }

        @Override
        public String join(String room, int ackId) {
            return "42" + ackId + "[\"join\",\"" + room + "\"]";
        }

        @Override
        public String publish(String room, String text, int ackId) {
            return "42" + ackId + "[\"message\",{\"room\":\"" + room + "\",\"text\":\"" + text + "\"}]";
        }
    },

    /**
     * Plain text frames for the raw-Netty broadcast server: {@code J <room>} joins, {@code M <room> <text>} publishes;
     * the server answers {@code A} (or {@code E <reason>}) to the sender and sends {@code <text>} to every member.
     */
    RAW {
        @Override
        public String path() {
            return "/";
        }

        @Override
        public Inbound classify(ByteBuf frame) {
            if (frame.readableBytes() == 0) {
                return Inbound.OTHER;
            }
            byte first = frame.getByte(frame.readerIndex());
            if (first >= '0' && first <= '9') {
                return Inbound.MESSAGE;
            }
            return switch (first) {
                case 'A' -> Inbound.ACK_OK;
                case 'E' -> Inbound.ACK_ERROR;
                default -> Inbound.OTHER;
            };
        }

        @Override
        public long stamp(ByteBuf frame) {
            return Stamp.parse(frame, frame.readerIndex());
        }

        @Override
        public String connectRequest() {
            return null;
        }

        @Override
        public String pong() {
            return null;
        }

        @Override
        public String join(String room, int ackId) {
            return "J " + room;
        }

        @Override
        public String publish(String room, String text, int ackId) {
            return "M " + room + " " + text;
        }
    };

    /** What an inbound frame means to the generator. */
    public enum Inbound { OPEN, PING, CONNECTED, CONNECT_ERROR, ACK_OK, ACK_ERROR, MESSAGE, CLOSE, OTHER }

    /** Request path of the WebSocket upgrade. */
    public abstract String path();

    public abstract Inbound classify(ByteBuf frame);

    /** The send stamp carried by a {@link Inbound#MESSAGE} frame's text, or -1 when there is none. */
    public abstract long stamp(ByteBuf frame);

    /** Frame that connects to namespace {@code /} once the transport is open; null when the protocol has none. */
    public abstract String connectRequest();

    /** Answer to a heartbeat ping; null when the protocol has none. */
    public abstract String pong();

    public abstract String join(String room, int ackId);

    public abstract String publish(String room, String text, int ackId);

    /** Whether the connection is usable as soon as the WebSocket handshake completes. */
    public boolean readyOnHandshake() {
        return connectRequest() == null;
    }

    private static ByteBuf constant(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8).asReadOnly());
    }

    private static boolean startsWith(ByteBuf frame, ByteBuf prefix) {
        int length = prefix.readableBytes();
        return frame.readableBytes() >= length
                && ByteBufUtil.equals(frame, frame.readerIndex(), prefix, prefix.readerIndex(), length);
    }
}

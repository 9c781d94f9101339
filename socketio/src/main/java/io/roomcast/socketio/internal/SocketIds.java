package io.roomcast.socketio.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Random socket ids: 15 bytes as URL-safe base64, 20 characters, like Node's {@code base64id}. */
public final class SocketIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SocketIds() {
    }

    public static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}

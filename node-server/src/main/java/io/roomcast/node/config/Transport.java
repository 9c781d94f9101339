package io.roomcast.node.config;

import java.util.Locale;

/** An Engine.IO transport the node may offer ({@code TRANSPORTS}). */
public enum Transport {
    POLLING, WEBSOCKET;

    /** The name on the wire and in {@link io.roomcast.engine.EngineOptions#transports()}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.roomcast.cluster.presence;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@link PresenceNotice} tells: a member joined or left (a disconnect is a leave). */
public enum PresenceChange {
    JOINED("joined"),
    LEFT("left");

    private final String text;

    PresenceChange(String text) {
        this.text = text;
    }

    /** The notice's {@code type} on the wire. */
    @JsonValue
    public String text() {
        return text;
    }
}

package io.roomcast.admin;

/** What the {@code config} event tells the UI this server supports ({@code Feature} in {@code lib/typed-events.ts}). */
public enum AdminFeature {
    EMIT, JOIN, LEAVE, DISCONNECT, MJOIN, MLEAVE, MDISCONNECT, AGGREGATED_EVENTS, ALL_EVENTS
}

package io.roomcast.cluster;

import java.util.Locale;

/**
 * Why a message this node meant for the other nodes did not get Redis's answer ({@link ClusterObserver#publishFailed});
 * local delivery happened in every case. The metric tag tells an operator what was lost: {@link #FAILED} and
 * {@link #TOO_LARGE} messages never reached Redis; {@link #TIMEOUT} ones may still have (Redis slow or frozen).
 */
public enum PublishFailure {
    /** Never reached Redis: not connected, rejected, queue full, transport closed, encoding failed. */
    FAILED("publish_failed"),
    /**
     * Written to Redis but not answered within the command timeout ({@link PublishTimeoutException}): Redis is slow
     * or frozen and may still run it, so the message may yet be delivered.
     */
    TIMEOUT("publish_timeout"),
    /** Refused before sending: larger, encoded, than {@code maxPublishBytes} ({@link MessageTooLargeException}). */
    TOO_LARGE("too_large");

    private final String tag;

    PublishFailure(String tag) {
        this.tag = tag;
    }

    /** The {@code reason} tag of {@code roomcast.cluster.messages.dropped}, e.g. {@code publish_timeout}. */
    public String tag() {
        return tag;
    }

    /** The cause behind a failed publish future: the first {@link MessageTooLargeException} or timeout in its chain. */
    public static PublishFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MessageTooLargeException) {
                return TOO_LARGE;
            }
            if (t instanceof PublishTimeoutException || t instanceof io.lettuce.core.RedisCommandTimeoutException) {
                return TIMEOUT; // lettuce's own: XADD and the other commands that do not go through a transport
            }
        }
        return FAILED;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

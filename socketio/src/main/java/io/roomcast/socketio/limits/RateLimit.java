package io.roomcast.socketio.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token-bucket rate: {@code events} per {@code period} on average, with up to {@code burst} at once (the bucket's
 * size; it starts full). Written {@code 20/1s} (burst = 20) or {@code 20/1s,burst=40}; see {@link #parse}.
 *
 * @param events how many per period, at least 1
 * @param period the period, more than 0 and at most a day
 * @param burst  how many may come back to back after a quiet spell, at least 1; {@link #of} makes it {@code events}
 */
public record RateLimit(int events, Duration period, int burst) {

    private static final Pattern SPEC = Pattern.compile("(\\d{1,9})\\s*/\\s*([0-9A-Za-z.]+)(?:\\s*,\\s*burst\\s*=\\s*(\\d{1,9}))?");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})?(ms|s|m|h)");
    private static final Duration MAX_PERIOD = Duration.ofDays(1);

    public RateLimit {
        if (events < 1) {
            throw new IllegalArgumentException("events must be >= 1: " + events);
        }
        Objects.requireNonNull(period, "period must not be null");
        if (period.isZero() || period.isNegative() || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("period must be > 0 and at most 1 day: " + period);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1: " + burst);
        }
    }

    /** {@code events} per {@code period}, burst {@code events}: a client may spend a whole period's budget at once. */
    public static RateLimit of(int events, Duration period) {
        return new RateLimit(events, period, events);
    }

    public RateLimit withBurst(int burst) {
        return new RateLimit(events, period, burst);
    }

    /**
     * Reads {@code N/period} or {@code N/period,burst=B}: the period is {@code 250ms}, {@code 1s}, {@code 1m},
     * {@code 1h}, a bare {@code s} / {@code m} / {@code h} (one of it: {@code 20/s}) or ISO-8601 ({@code PT1S}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RateLimit parse(String spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        Matcher m = SPEC.matcher(spec.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate like 20/1s or 20/1s,burst=40: " + spec);
        }
        int events = Integer.parseInt(m.group(1));
        Duration period = period(m.group(2));
        return m.group(3) == null ? of(events, period) : new RateLimit(events, period, Integer.parseInt(m.group(3)));
    }

    private static Duration period(String raw) {
        Matcher m = SHORT_DURATION.matcher(raw);
        if (m.matches()) {
            long amount = m.group(1) == null ? 1 : Long.parseLong(m.group(1)); // "20/s": one second
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a period like 1s, 500ms, 1m or PT1S: " + raw, e);
        }
    }

    /** Nanoseconds between two tokens on average: {@code period / events}. */
    public double nanosPerEvent() {
        return (double) period.toNanos() / events;
    }

    /** The spec {@link #parse} reads back, e.g. {@code 20/1s} or {@code 20/1s,burst=40}. */
    @Override
    public String toString() {
        String p = period.toMillis() % 1000 == 0 && period.toNanos() % 1_000_000 == 0
                ? period.toSeconds() + "s" : period.toNanos() % 1_000_000 == 0 ? period.toMillis() + "ms"
                : period.toString();
        return events + "/" + p + (burst == events ? "" : ",burst=" + burst);
    }
}

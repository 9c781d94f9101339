package io.roomcast.loadtests.generator;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/** Connection-level counts shared by every connection of a run (thread-safe). */
public final class RunCounters {
    final LongAdder connected = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connectErrors = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final LongAdder joinAcks = new LongAdder();
    final LongAdder joinErrors = new LongAdder();
    final LongAdder messageAcks = new LongAdder();
    final LongAdder messageErrors = new LongAdder();
    final LongAdder pings = new LongAdder();
    /** Time from TCP connect to "connected to namespace /" (or WebSocket open for raw), microseconds. */
    /** First words of each distinct connect failure, counted (bounded to a few kinds). */
    final java.util.concurrent.ConcurrentMap<String, LongAdder> failureReasons = new java.util.concurrent.ConcurrentHashMap<>();
    final Recorder connectMicros = new Recorder(DeliveryStats.HIGHEST_MICROS, 3);

    void failed(Throwable cause) {
        connectFailures.increment();
        String reason = cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage());
        reason = reason.length() > 120 ? reason.substring(0, 120) : reason;
        if (failureReasons.size() < 10 || failureReasons.containsKey(reason)) {
            failureReasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
        }
    }
}

package io.roomcast.socketio.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket on a fake nanosecond clock: burst, refill rate, cap, fractions. */
class TokenBucketTests {

    private final AtomicLong now = new AtomicLong(123_456_789L);

    private TokenBucket bucket(String spec) {
        return new TokenBucket(RateLimit.parse(spec), now::get);
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static int drain(TokenBucket bucket) {
        int taken = 0;
        while (bucket.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    @Test
    void shouldStartFullAndAllowTheWholeBurstBackToBack() {
        TokenBucket bucket = bucket("20/1s");

        assertThat(drain(bucket)).isEqualTo(20);
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void shouldAllowALargerBurstThanTheRate() {
        TokenBucket bucket = bucket("20/1s,burst=40");

        assertThat(drain(bucket)).isEqualTo(40);
        advance(1000);
        assertThat(drain(bucket)).isEqualTo(20); // refills at the rate, not the burst
    }

    @Test
    void shouldRefillOneTokenPerPeriodOverEvents() {
        TokenBucket bucket = bucket("20/1s");
        drain(bucket);

        advance(49);
        assertThat(bucket.tryAcquire()).isFalse();
        advance(1);
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void shouldKeepFractionsOfATokenAcrossCalls() {
        TokenBucket bucket = bucket("3/1s"); // one token every 333.3 ms
        drain(bucket);

        for (int i = 0; i < 3; i++) {
            advance(111);
            assertThat(bucket.tryAcquire()).isFalse();
        }
        advance(1);
        assertThat(bucket.tryAcquire()).isTrue();
    }

    @Test
    void shouldNeverHoldMoreThanTheBurstAfterAQuietSpell() {
        TokenBucket bucket = bucket("20/1s");
        drain(bucket);

        advance(Duration.ofHours(5).toMillis());

        assertThat(bucket.available()).isEqualTo(20);
        assertThat(drain(bucket)).isEqualTo(20);
    }

    @Test
    void shouldAverageTheRateOverALongFlood() {
        TokenBucket bucket = bucket("20/1s");
        int allowed = 0;
        for (int ms = 0; ms < 10_000; ms++) { // 10 s, 10 attempts every millisecond (10k/s)
            for (int i = 0; i < 10; i++) {
                if (bucket.tryAcquire()) {
                    allowed++;
                }
            }
            advance(1);
        }

        assertThat(allowed).isBetween(20 + 199, 20 + 200); // the burst, then 20 a second
    }

    @Test
    void shouldSurviveTheClockWrappingAround() {
        now.set(Long.MAX_VALUE - TimeUnit.MILLISECONDS.toNanos(10));
        TokenBucket bucket = bucket("1/100ms");
        assertThat(bucket.tryAcquire()).isTrue();

        advance(100); // crosses Long.MAX_VALUE

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }
}

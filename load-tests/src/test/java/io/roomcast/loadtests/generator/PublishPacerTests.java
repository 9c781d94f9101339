package io.roomcast.loadtests.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishPacerTests {
    private static final long MS = 1_000_000;

    @Test
    void shouldStampMessagesWithTheirIntendedSendTimeEvenWhenSentLate() {
        PublishPacer pacer = new PublishPacer(1000 * MS, 100, 64);  // one message every 10 ms

        assertThat(pacer.due(999 * MS)).isZero();
        assertThat(pacer.due(1000 * MS)).isEqualTo(1);
        assertThat(pacer.due(1035 * MS)).isEqualTo(4);
        long[] stamps = new long[4];
        for (int i = 0; i < 4; i++) {
            stamps[i] = pacer.next(1035 * MS);
        }
        assertThat(stamps).containsExactly(1000 * MS, 1010 * MS, 1020 * MS, 1030 * MS);
        assertThat(pacer.due(1035 * MS)).isZero();
        assertThat(pacer.due(1040 * MS)).isEqualTo(1);
    }

    @Test
    void shouldCapOneTickAtABatchSoABacklogDrainsOverSeveralTicks() {
        PublishPacer pacer = new PublishPacer(0, 1000, 8);

        assertThat(pacer.due(1000 * MS)).isEqualTo(8);
        assertThat(pacer.sent()).isZero();
    }

    @Test
    void shouldStampWithTheActualTimeWhenUnpaced() {
        PublishPacer pacer = new PublishPacer(0, 0, 16);

        assertThat(pacer.paced()).isFalse();
        assertThat(pacer.due(5)).isEqualTo(16);
        assertThat(pacer.next(777)).isEqualTo(777);
    }
}

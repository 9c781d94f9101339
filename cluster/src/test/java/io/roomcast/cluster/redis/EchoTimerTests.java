package io.roomcast.cluster.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EchoTimerTests {

    private final EchoTimer timer = new EchoTimer();

    @Test
    void shouldTimeOwnEchoesInPublishOrder() {
        timer.published(new byte[] {1}, 100);
        timer.published(new byte[] {2}, 150);

        assertThat(timer.received(new byte[] {1}, 130)).isEqualTo(30);
        assertThat(timer.received(new byte[] {2}, 200)).isEqualTo(50);
        assertThat(timer.inFlight()).isZero();
    }

    @Test
    void shouldIgnoreOtherNodesMessages() {
        timer.published(new byte[] {1}, 100);

        assertThat(timer.received(new byte[] {9}, 120)).isEqualTo(-1);
        assertThat(timer.inFlight()).isEqualTo(1);
    }

    @Test
    void shouldTellOtherNodesMessagesApartByTheirPrefix() {
        EchoTimer own = new EchoTimer(new byte[] {7, 7});
        own.published(new byte[] {7, 7, 1}, 100);

        assertThat(own.received(new byte[] {7, 8, 1}, 110)).isEqualTo(-1);
        assertThat(own.received(new byte[] {7}, 110)).isEqualTo(-1);
        assertThat(own.inFlight()).isEqualTo(1);
        assertThat(own.received(new byte[] {7, 7, 1}, 120)).isEqualTo(20);
    }

    @Test
    void shouldDropEchoesThatNeverCame() {
        timer.published(new byte[] {1}, 100); // lost during a reconnect
        timer.published(new byte[] {2}, 110);

        assertThat(timer.received(new byte[] {2}, 115)).isEqualTo(5);
        assertThat(timer.inFlight()).isZero();
    }

    @Test
    void shouldForgetFailedPublishesAndStayBounded() {
        byte[] failed = {1};
        timer.published(failed, 100);
        timer.failed(failed);
        for (int i = 0; i < EchoTimer.CAPACITY + 10; i++) {
            timer.published(new byte[] {(byte) i, 7}, i);
        }

        assertThat(timer.inFlight()).isEqualTo(EchoTimer.CAPACITY);
    }
}

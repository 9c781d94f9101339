package io.roomcast.cluster.streams;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamsAdapterOptionsTests {

    @Test
    void shouldUseNodesDefaults() {
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults();

        assertThat(options.streamName()).isEqualTo("socket.io");
        assertThat(options.streamCount()).isEqualTo(1);
        assertThat(options.channelPrefix()).isEqualTo("socket.io");
        assertThat(options.maxLen()).isEqualTo(10_000);
        assertThat(options.readCount()).isEqualTo(100);
        assertThat(options.blockTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.sessionKeyPrefix()).isEqualTo("sio:session:");
        assertThat(options.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.onlyPlaintext()).isFalse();
    }

    @Test
    void shouldNameStreamsAsNodeWithJavasRemainder() {
        assertThat(StreamsAdapterOptions.defaults().streamFor("/admin")).isEqualTo("socket.io");
        StreamsAdapterOptions four = StreamsAdapterOptions.defaults().withStreamCount(4);
        assertThat(four.streamFor("/")).isEqualTo("socket.io-3"); // 47 % 4
        assertThat(four.streamFor("/admin")).isEqualTo("socket.io-0"); // 1438238848 % 4
        assertThat(four.streamFor("/ns-12345678")).isEqualTo("socket.io--3"); // -1040875523 % 4, protocol §6.3
    }

    @Test
    void shouldRejectInvalidValues() {
        StreamsAdapterOptions defaults = StreamsAdapterOptions.defaults();
        assertThatThrownBy(() -> defaults.withStreamCount(0)).hasMessage("streamCount must be >= 1");
        assertThatThrownBy(() -> defaults.withMaxLen(0)).hasMessage("maxLen must be >= 1");
        assertThatThrownBy(() -> defaults.withReadCount(0)).hasMessage("readCount must be >= 1");
        assertThatThrownBy(() -> defaults.withBlockTime(Duration.ZERO)).hasMessage("blockTime must be > 0");
        assertThatThrownBy(() -> defaults.withRequestsTimeout(Duration.ofSeconds(-1)))
                .hasMessage("requestsTimeout must be > 0");
        assertThatThrownBy(() -> defaults.withStreamName("")).hasMessage("streamName must not be empty");
        assertThatThrownBy(() -> defaults.withChannelPrefix(null)).hasMessage("channelPrefix must not be null");
    }

    @Test
    void shouldOrderAndStepEntryIds() {
        assertThat(EntryIds.isValid("1795635688382-0")).isTrue();
        assertThat(EntryIds.isValid("1795635688382")).isFalse();
        assertThat(EntryIds.isValid("a-1")).isFalse();
        assertThat(EntryIds.isValid("1-2 ")).isFalse();
        assertThat(EntryIds.next("1795635688382-0")).isEqualTo("1795635688382-1");
        assertThat(EntryIds.compare("10-0", "9-5")).isPositive();
        assertThat(EntryIds.compare("9-10", "9-9")).isPositive();
        assertThat(EntryIds.compare("9-9", "9-9")).isZero();
    }
}

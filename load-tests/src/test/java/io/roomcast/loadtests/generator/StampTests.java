package io.roomcast.loadtests.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampTests {

    private static long parse(String text) {
        return Stamp.parse(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), 0);
    }

    @Test
    void shouldRoundTripASendTimeWithAndWithoutPadding() {
        assertThat(Stamp.text(1234, 0)).isEqualTo("1234");
        assertThat(Stamp.text(1234, 10)).isEqualTo("1234-xxxxx").hasSize(10);
        assertThat(parse(Stamp.text(1234, 10))).isEqualTo(1234);
        assertThat(parse(Stamp.text(Long.MAX_VALUE / 100, 0))).isEqualTo(Long.MAX_VALUE / 100);
    }

    @Test
    void shouldReportMissingOrOverflowingDigitsAsUnparsable() {
        assertThat(parse("")).isEqualTo(-1);
        assertThat(parse("abc")).isEqualTo(-1);
        assertThat(parse("99999999999999999999999")).isEqualTo(-1);
        assertThatThrownBy(() -> Stamp.text(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
